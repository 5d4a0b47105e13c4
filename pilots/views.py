"""The resident's side of a pilot on the public site, and the public decision record.

Views validate input and call a service; the rules live in pilots.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.sepa import sepa_enabled
from grants.stripe_gateway import stripe_enabled
from pilots import selectors, services
from pilots.errors import Incomplete, PilotActionRefused
from pilots.forms import DecisionFilterForm, PilotForm, WithdrawForm, budget_formset
from pilots.models import Action, Pilot
from pilots.permissions import available_actions
from pilots.submission import submission_problems


def _own_pilot(request, pk) -> Pilot:
    try:
        return selectors.pilot_for_participant(request.user, pk)
    except Pilot.DoesNotExist as missing:
        # Someone else's pilot is indistinguishable from one that does not exist.
        raise Http404 from missing


@login_required
def my_pilots(request):
    return render(
        request, "pilots/my_pilots.html", {"pilots": selectors.pilots_of_resident(request.user)}
    )


def _edit(request, pilot: Pilot | None):
    form = PilotForm(request.POST or None, request.FILES or None, instance=pilot)
    budget = budget_formset(request.POST or None, pilot)
    if request.method == "POST" and form.is_valid() and budget.is_valid():
        try:
            saved = services.pilot_save_draft(
                pilot=form.instance,
                by=request.user,
                budget_lines=budget.lines(),
                themes=form.cleaned_data["themes"],
                sdgs=form.cleaned_data["sdgs"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PilotActionRefused as refused:
            messages.error(request, refused.message)
            return redirect("pilots:detail", pk=pilot.pk)
        else:
            messages.success(request, _("Your proposal was saved as a draft."))
            return redirect("pilots:detail", pk=saved.pk)
    return render(
        request,
        "pilots/pilot_form.html",
        {"form": form, "budget": budget, "pilot": pilot, "image_lost": bool(request.FILES)},
    )


@login_required
def pilot_create(request):
    return _edit(request, None)


@login_required
def pilot_edit(request, pk):
    pilot = _own_pilot(request, pk)
    if not pilot.is_editable or pilot.proposer_id != request.user.pk:
        messages.error(request, _("This proposal can no longer be edited."))
        return redirect("pilots:detail", pk=pk)
    return _edit(request, pilot)


@login_required
def pilot_detail(request, pk):
    pilot = _own_pilot(request, pk)
    actions = available_actions(request.user, pilot)
    can_submit = Action.SUBMIT in actions or Action.RESUBMIT in actions
    return render(
        request,
        "pilots/pilot_detail.html",
        {
            "pilot": pilot,
            "can_edit": pilot.is_editable and pilot.proposer_id == request.user.pk,
            "can_submit": can_submit,
            "can_withdraw": Action.WITHDRAW in actions,
            "problems": submission_problems(pilot) if can_submit else [],
            "decision": getattr(pilot, "decision", None),
            "grant": getattr(pilot, "grant", None),
            "stripe_enabled": stripe_enabled(),
            "sepa_enabled": sepa_enabled(),
        },
    )


@login_required
@require_POST
def pilot_submit(request, pk):
    pilot = _own_pilot(request, pk)
    try:
        services.pilot_submit(pilot=pilot, by=request.user)
    except Incomplete:
        messages.error(request, _("The proposal is not complete yet: see what is missing below."))
    except PilotActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Your proposal was sent to the area director. We will email you the decision."),
        )
    return redirect("pilots:detail", pk=pk)


@login_required
def pilot_withdraw(request, pk):
    pilot = _own_pilot(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pilot_withdraw(pilot=pilot, by=request.user, note=form.cleaned_data["note"])
        except PilotActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The proposal was withdrawn."))
        return redirect("pilots:detail", pk=pk)
    return render(request, "pilots/pilot_withdraw.html", {"pilot": pilot, "form": form})


@login_required
@require_POST
def pilot_name_consent(request, pk):
    pilot = _own_pilot(request, pk)
    publish = request.POST.get("publish_name") == "1"
    try:
        services.pilot_set_name_consent(pilot=pilot, by=request.user, publish=publish)
    except PilotActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Your name is now shown with the pilot.")
            if publish
            else _("Your name is no longer shown with the pilot."),
        )
    return redirect("pilots:detail", pk=pk)


def decision_list(request):
    form = DecisionFilterForm(request.GET or None)
    decisions = selectors.public_decisions()
    if form.is_valid():
        if form.cleaned_data["area"]:
            decisions = decisions.filter(pilot__area=form.cleaned_data["area"])
        if form.cleaned_data["call"]:
            decisions = decisions.filter(pilot__call=form.cleaned_data["call"])
    page = Paginator(decisions, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pilots/decision_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def decision_detail(request, pk):
    decision = get_object_or_404(selectors.public_decisions(), pk=pk)
    cancellation = decision.pilot.transitions.filter(action=Action.CANCEL).last()
    return render(
        request,
        "pilots/decision_detail.html",
        {"decision": decision, "cancellation": cancellation},
    )
