"""The staff side in the Wagtail admin: proposals to decide, and the areas, calls and budgets.

Directors see only their own areas' proposals (pilots.selectors.pilots_for_staff), also when
they type another pilot's URL; every decision is made by a pilots.services function.
"""

from dataclasses import dataclass

import django_filters
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kernel.admin_readonly import ReadOnlyModelViewSet
from pilots import selectors, services
from pilots.actions import TRANSITIONS
from pilots.admin_forms import DecisionForm
from pilots.admin_panels import waiting_time
from pilots.decision_texts import decision_defaults
from pilots.errors import BudgetExhausted, PilotActionRefused
from pilots.models import Action, Area, AreaBudget, Call, Pilot, PilotStatus, Theme
from pilots.permissions import available_actions, may_make_story


@dataclass(frozen=True)
class DecisionButton:
    """A staff action offered on the proposal's page: the actions declared with a form."""

    action: str
    label: str
    url: str
    # Why it cannot be taken now, said beside the disabled button ("" when it can).
    refusal: str
    primary: bool


def approval_refusal(action: str, used: int, budget: int) -> str:
    """Why approval cannot be offered now (the area's budget is used), or "" when it can.

    The service refuses such an approval anyway; this lets the page say so before the
    director writes the grounds.
    """
    if action == Action.APPROVE and used >= budget:
        return BudgetExhausted.default_message
    return ""


def _areas_shown(request):
    return selectors.areas_for_staff(request.user)


class ProposalFilterSet(WagtailFilterSet):
    area = django_filters.ModelChoiceFilter(queryset=_areas_shown, label=_("area"))

    class Meta:
        model = Pilot
        fields = ["status", "area", "call"]


class ProposalIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.pilots_for_staff(self.request.user)

    def search_queryset(self, queryset):
        """The site's own language-aware search (search/), so that a director's "pyörä" finds
        "Pyöräkorjaamo" and "cykel" finds "cykelverkstad"; best first unless a column is
        sorted."""
        if not self.is_searching:
            return queryset
        found = selectors.search_pilots(queryset, self.search_query)
        if self.is_explicitly_ordered:
            return queryset.filter(pk__in=found.values("pk"))
        return found


class ProposalInspectView(InspectView):
    template_name = "pilots/admin/proposal_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.pilots_for_staff(self.request.user).prefetch_related(
                "budget_lines",
                "themes",
                "sdgs",
                "transitions__actor",
                "report__spending_lines",
                "report__photos",
                "team__user",
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        used, budget = selectors.budget_use(self.object)
        actions = available_actions(self.request.user, self.object)
        context.update(
            pilot=self.object,
            grants_used=used,
            grants_in_budget=budget,
            decision=getattr(self.object, "decision", None),
            decision_buttons=[
                DecisionButton(
                    action=action,
                    label=label,
                    url=reverse("proposals:decide", args=[self.object.pk, action]),
                    refusal=approval_refusal(action, used, budget),
                    primary=action == Action.APPROVE,
                )
                for action, label in Action.choices
                if action in actions and TRANSITIONS[action].form_fields
            ],
            disqualified=self.object.is_participant(self.request.user),
            supporters=selectors.support_count(self.object),
            waited=waiting_time(self.object, timezone.now()),
            report=getattr(self.object, "report", None),
            stories=self.object.stories.all(),
            may_make_story=self.object.status == PilotStatus.REPORTED
            and may_make_story(self.request.user)
            and not self.object.stories.exists(),
        )
        return context

    @property
    def header_more_buttons(self):
        return []


class ProposalDecideView(WagtailAdminTemplateMixin, FormView):
    """Approve, reject, request changes, cancel or return a report: the action's form (its
    declared fields), which calls the action's declared service."""

    template_name = "pilots/admin/proposal_decide.html"
    form_class = DecisionForm
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        transition = TRANSITIONS.get(kwargs["action"])
        if transition is None or not transition.form_fields:
            raise Http404
        self.transition = transition
        self.action = kwargs["action"]
        self.pilot = get_object_or_404(selectors.pilots_for_staff(request.user), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if self.action not in available_actions(request.user, self.pilot):
            messages.error(request, _("You cannot do this to this proposal now."))
            return redirect("proposals:inspect", self.pilot.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return Action(self.action).label

    def get_page_subtitle(self):
        return self.pilot.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("proposals:index"), "label": _("Proposals")},
            {"url": reverse("proposals:inspect", args=[self.pilot.pk]), "label": self.pilot.title},
            {"url": "", "label": self.get_page_title(), "sublabel": self.pilot.title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def get_initial(self):
        return decision_defaults(self.pilot, self.request.user)

    def get_context_data(self, **kwargs):
        used, budget = selectors.budget_use(self.pilot)
        return super().get_context_data(
            pilot=self.pilot,
            action=self.action,
            grants_used=used,
            grants_in_budget=budget,
            refusal=approval_refusal(self.action, used, budget),
            supporters=selectors.support_count(self.pilot),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            pilot = self.transition.perform(
                pilot=self.pilot, by=self.request.user, **form.service_kwargs()
            )
        except PilotActionRefused as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Done: “%(title)s” is now %(status)s. The resident has been emailed.")
            % {"title": pilot.title, "status": pilot.get_status_display().lower()},
        )
        return redirect("proposals:inspect", self.pilot.pk)


@require_POST
def make_story(request, pk):
    """A coordinator turns the pilot's submitted report into a draft story page, then edits it."""
    pilot = get_object_or_404(selectors.pilots_for_staff(request.user), pk=pk)
    try:
        story = services.story_create_from_report(pilot=pilot, by=request.user)
    except PilotActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("proposals:inspect", pk)
    messages.success(
        request,
        _(
            "A draft story was made from the report. Edit it, then publish it or send it "
            "for moderation."
        ),
    )
    return redirect("wagtailadmin_pages:edit", story.pk)


class ProposalViewSet(ReadOnlyModelViewSet):
    model = Pilot
    name = "proposals"
    url_prefix = "proposals"
    icon = "tasks"
    menu_label = _("Proposals")
    menu_order = 100
    index_view_class = ProposalIndexView
    inspect_view_class = ProposalInspectView
    list_display = [
        TitleColumn("title", label=_("Title"), url_name="proposals:inspect"),
        "area",
        "call",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display", primary=False),
        "submitted_at",
        Column(
            "waiting",
            label=_("Waiting"),
            accessor=lambda pilot: waiting_time(pilot, timezone.now()),
        ),
    ]
    filterset_class = ProposalFilterSet
    search_fields = ["title", "summary"]
    ordering = ["-submitted_at"]

    def get_action_urlpatterns(self):
        return [
            path("decide/<int:pk>/<str:action>/", ProposalDecideView.as_view(), name="decide"),
            path("story/<int:pk>/", make_story, name="make_story"),
        ]


class AreaViewSet(ModelViewSet):
    model = Area
    url_prefix = "areas"
    icon = "site"
    menu_label = _("Areas")
    form_fields = [
        "name_fi",
        "name_sv",
        "name_en",
        "slug",
        "description_fi",
        "description_sv",
        "description_en",
        "directors",
    ]
    list_display = ["name_fi", "name_sv", "slug"]
    search_fields = ["name_fi", "name_sv", "name_en"]


class CallViewSet(ModelViewSet):
    model = Call
    url_prefix = "calls"
    icon = "date"
    menu_label = _("Calls")
    form_fields = [
        "title_fi",
        "title_sv",
        "title_en",
        "text_fi",
        "text_sv",
        "text_en",
        "opens_on",
        "closes_on",
        "grant_amount",
        "report_due_days",
    ]
    list_display = ["title_fi", "opens_on", "closes_on", "grant_amount"]


class AreaBudgetViewSet(ModelViewSet):
    model = AreaBudget
    url_prefix = "budgets"
    icon = "form"
    menu_label = _("Budgets")
    form_fields = ["call", "area", "grants"]
    list_display = ["area", "call", "grants"]
    list_filter = ["call", "area"]


class ThemeViewSet(ModelViewSet):
    model = Theme
    url_prefix = "themes"
    icon = "tag"
    menu_label = _("Themes")
    form_fields = ["name_fi", "name_sv", "name_en", "slug"]
    list_display = ["name_fi", "name_sv", "name_en"]


class MinipilotViewSetGroup(ViewSetGroup):
    menu_label = _("Minipilot")
    menu_icon = "tasks"
    menu_order = 100
    items = [ProposalViewSet, AreaViewSet, CallViewSet, AreaBudgetViewSet, ThemeViewSet]
