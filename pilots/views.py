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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from kernel.public_cache import public_page
from pilots import area_calls, co_proposers, selectors, services, supports
from pilots.errors import Incomplete, NotAllowed, PilotActionRefused
from pilots.forms import (
    AdaptForm,
    DecisionFilterForm,
    InvitationAnswerForm,
    InviteForm,
    PilotForm,
    ProposalFilterForm,
    ResultPhotoFormSet,
    ResultReportForm,
    WithdrawForm,
    budget_formset,
    money_lines_formset,
    unbound_copy,
)
from pilots.models import (
    MAX_REPORT_PHOTOS,
    Action,
    Area,
    CoProposerInvitation,
    Pilot,
    PilotStatus,
    PilotStoryPage,
    ResultReport,
)
from pilots.permissions import available_actions, may_manage_team
from pilots.report_problems import report_problems
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
        request,
        "pilots/my_pilots.html",
        {
            "pilots": selectors.pilots_of_resident(request.user),
        },
    )


def _edit(request, pilot: Pilot | None):
    # A new proposal may start in the area and call its area page linked from.
    initial = None if pilot else {key: request.GET.get(key) for key in ("area", "call")}
    form = PilotForm(request.POST or None, request.FILES or None, instance=pilot, initial=initial)
    if pilot and pilot.proposer_id != request.user.pk:
        # A co-proposer edits the text: the choices to publish stay the proposer's.
        del form.fields["shown_publicly"], form.fields["publish_name"]
    budget = budget_formset(request.POST or None, pilot)
    if budget.adding_row:
        form, budget = unbound_copy(form), budget.with_another_row()
    elif request.method == "POST" and form.is_valid() and budget.is_valid():
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
@ratelimit(key="user", rate="30/h", method="POST")
def pilot_create(request):
    return _edit(request, None)


@login_required
def pilot_edit(request, pk):
    pilot = _own_pilot(request, pk)
    if not pilot.is_editable:
        messages.error(request, _("This proposal can no longer be edited."))
        return redirect("pilots:detail", pk=pk)
    return _edit(request, pilot)


@login_required
def pilot_detail(request, pk):
    pilot = _own_pilot(request, pk)
    actions = available_actions(request.user, pilot)
    can_submit = Action.SUBMIT in actions or Action.RESUBMIT in actions
    report = getattr(pilot, "report", None)
    can_report = Action.REPORT in actions
    team = list(selectors.pilot_team(pilot))
    return render(
        request,
        "pilots/pilot_detail.html",
        {
            "pilot": pilot,
            "can_edit": pilot.is_editable,
            "can_write_report": pilot.status == PilotStatus.FUNDED,
            "team": team,
            # The name consent shown is the reader's own: the proposer's, or this co-proposer's.
            "name_published": next(
                (m.publish_name for m in team if m.user_id == request.user.pk), pilot.publish_name
            ),
            "can_submit": can_submit,
            "can_resubmit": Action.RESUBMIT in actions,
            "can_withdraw": Action.WITHDRAW in actions,
            "problems": submission_problems(pilot) if can_submit else [],
            "decision": getattr(pilot, "decision", None),
            "grant": getattr(pilot, "grant", None),
            "report": report,
            "can_report": can_report,
            "report_problems": report_problems(report) if can_report and report else [],
            "stories": pilot.stories.live(),
            "supporters": selectors.support_count(pilot) if pilot.is_public_proposal else 0,
        },
    )


def _send(request, pk, service, *, incomplete: str, sent: str):
    """Hand the proposal or the report on (a service), saying what is missing if it refuses."""
    pilot = _own_pilot(request, pk)
    try:
        service(pilot=pilot, by=request.user)
    except Incomplete:
        messages.error(request, incomplete)
    except PilotActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, sent)
    return redirect("pilots:detail", pk=pk)


@login_required
@require_POST
@ratelimit(key="user", rate="10/h")
def pilot_submit(request, pk):
    return _send(
        request,
        pk,
        services.pilot_submit,
        incomplete=_("The proposal is not complete yet: see what is missing below."),
        sent=_("Your proposal was sent to the area director. We will email you the decision."),
    )


@login_required
def pilot_withdraw(request, pk):
    pilot = _own_pilot(request, pk)
    if pilot.proposer_id != request.user.pk:
        # Withdrawing is the proposer's (pilots.co_proposers): a co-proposer may leave instead.
        messages.error(request, NotAllowed.default_message)
        return redirect("pilots:detail", pk=pk)
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


CONSENTS = {
    # kind: (service, field posted, message when given, message when withdrawn). Spelt
    # gettext_lazy, not an alias: makemessages finds only the names it knows.
    "name": (
        services.pilot_set_name_consent,
        "publish_name",
        gettext_lazy("Your name is now shown with the pilot."),
        gettext_lazy("Your name is no longer shown with the pilot."),
    ),
    "public": (
        services.pilot_set_shown_publicly,
        "shown_publicly",
        gettext_lazy("Your proposal is now shown on the public proposal pages."),
        gettext_lazy("Your proposal is no longer shown on the public proposal pages."),
    ),
    "photos": (
        services.report_set_photo_consent,
        "photos_consent",
        gettext_lazy("Your photos may now be published with the pilot's story."),
        gettext_lazy("Your photos were removed from the pilot's story and will not be published."),
    ),
}


@login_required
@require_POST
def pilot_consent(request, pk, kind):
    """Give or withdraw a consent to publish (the name, the proposal before its decision, or
    the photos) with one click."""
    pilot = _own_pilot(request, pk)
    service, field, given, withdrawn = CONSENTS[kind]
    publish = request.POST.get(field) == "1"
    try:
        service(pilot=pilot, by=request.user, publish=publish)
    except PilotActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, given if publish else withdrawn)
    return redirect("pilots:detail", pk=pk)


def _page_query(request) -> str:
    """The list's query string without the page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@public_page
def decision_list(request):
    form = DecisionFilterForm(request.GET or None)
    decisions = selectors.public_decisions()
    if form.is_valid():
        if form.cleaned_data["area"]:
            decisions = decisions.filter(pilot__area=form.cleaned_data["area"])
        if form.cleaned_data["call"]:
            decisions = decisions.filter(pilot__call=form.cleaned_data["call"])
    page = Paginator(decisions, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "pilots/decision_list.html",
        {"form": form, "page": page, "query": _page_query(request)},
    )


@public_page
def proposal_list(request):
    """The proposals their proposers chose to show, by area and call, searchable in the
    language each was written in."""
    form = ProposalFilterForm(request.GET or None)
    proposals = selectors.public_proposals()
    if form.is_valid():
        if form.cleaned_data["area"]:
            proposals = proposals.filter(area=form.cleaned_data["area"])
        if form.cleaned_data["call"]:
            proposals = proposals.filter(call=form.cleaned_data["call"])
        if form.cleaned_data["q"]:
            proposals = selectors.search_pilots(proposals, form.cleaned_data["q"])
    page = Paginator(proposals, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "pilots/proposal_list.html",
        {"form": form, "page": page, "query": _page_query(request)},
    )


@public_page
def proposal_detail(request, pk):
    """One public proposal with its supports; a signed-in visitor's own support state is on the
    page, which is why only anonymous visitors' copies are shared (kernel.public_cache)."""
    try:
        pilot = selectors.public_proposal(pk, request.user)
    except Pilot.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "pilots/proposal_detail.html",
        {
            "pilot": pilot,
            "support_refusal": supports.support_refusal(request.user, pilot),
            "decision": getattr(pilot, "decision", None),
        },
    )


@login_required
@require_POST
@ratelimit(key="user", rate="30/h")
def proposal_support(request, pk):
    """Support a public proposal, or take the support back (`support=0`), with one click."""
    pilot = get_object_or_404(Pilot, pk=pk)
    try:
        if request.POST.get("support") == "0":
            supports.support_remove(pilot=pilot, by=request.user)
            messages.success(request, _("You no longer support this proposal."))
        else:
            supports.support_add(pilot=pilot, by=request.user)
            messages.success(request, _("Thank you: you support this proposal."))
    except PilotActionRefused as refused:
        messages.error(request, refused.message)
    if not pilot.is_public_proposal:
        return redirect("pilots:proposal_list")
    return redirect("pilots:proposal_detail", pk=pk)


@public_page
def area_list(request):
    return render(request, "pilots/area_list.html", {"areas": area_calls.areas_with_open_calls()})


@public_page
def area_detail(request, slug):
    area = get_object_or_404(Area, slug=slug)
    return render(
        request,
        "pilots/area_detail.html",
        {
            "area": area,
            "budgets": area_calls.open_budgets().filter(area=area),
            "levels": area_calls.service_levels(area),
        },
    )


@public_page
def decision_detail(request, pk):
    decision = get_object_or_404(selectors.public_decisions(), pk=pk)
    cancellation = decision.pilot.transitions.filter(action=Action.CANCEL).last()
    return render(
        request,
        "pilots/decision_detail.html",
        {"decision": decision, "cancellation": cancellation},
    )


@login_required
@ratelimit(key="user", rate="30/h", method="POST")
def report_edit(request, pk):
    """The residents' result report of a funded pilot: a draft until they submit it."""
    pilot = _own_pilot(request, pk)
    if pilot.status != PilotStatus.FUNDED:
        messages.error(request, _("The results of this pilot cannot be reported or edited now."))
        return redirect("pilots:detail", pk=pk)
    report = ResultReport.objects.filter(pilot=pilot).first() or ResultReport(pilot=pilot)
    data, files = request.POST or None, request.FILES or None
    form = ResultReportForm(data, instance=report)
    if pilot.proposer_id != request.user.pk:
        # The photos' consent is the proposer's to give (report_set_photo_consent).
        del form.fields["photos_consent"]
    spending = money_lines_formset(
        data, report.spending_lines.all() if report.pk else [], prefix="spending"
    )
    photos = ResultPhotoFormSet(data, files, prefix="photos")
    existing_photos = list(report.photos.all()) if report.pk else []
    if spending.adding_row:
        form, spending = unbound_copy(form), spending.with_another_row()
        photos = ResultPhotoFormSet(prefix="photos")
    elif request.method == "POST" and all(f.is_valid() for f in (form, spending, photos)):
        values = {
            name: form.cleaned_data[name]
            for name in form.fields
            if name in ResultReportForm.Meta.fields
        }
        new_photos = [
            (photo.cleaned_data["image"], photo.cleaned_data["alt_text"])
            for photo in photos
            if photo.cleaned_data.get("image")
        ]
        try:
            services.report_save_draft(
                pilot=pilot,
                by=request.user,
                values=values,
                spending_lines=spending.lines(),
                new_photos=new_photos,
                remove_photo_ids=[photo.pk for photo in form.cleaned_data["remove_photo"]],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PilotActionRefused as refused:
            messages.error(request, refused.message)
            return redirect("pilots:detail", pk=pk)
        else:
            messages.success(request, _("Your report was saved as a draft."))
            return redirect("pilots:detail", pk=pk)
    return render(
        request,
        "pilots/report_form.html",
        {
            "pilot": pilot,
            "form": form,
            "spending": spending,
            "photos": photos,
            "existing_photos": existing_photos,
            "max_photos": MAX_REPORT_PHOTOS,
            "files_lost": bool(request.FILES),
        },
    )


@login_required
@require_POST
@ratelimit(key="user", rate="10/h")
def report_submit(request, pk):
    return _send(
        request,
        pk,
        services.report_submit,
        incomplete=_("The report is not complete yet: see what is missing below."),
        sent=_("Thank you! Your report was sent. A coordinator will make a story of it."),
    )


@login_required
@ratelimit(key="user", rate="10/h", method="POST")
def story_adapt(request, story_id):
    """Start one's own proposal from a published story, in the area the visitor chose.

    The story page's area select arrives here as ?area=N: that area is confirmed with one
    button, not asked for again. Without an area (the "choose another area" link) it is asked.
    """
    story = get_object_or_404(PilotStoryPage.objects.live().specific(), pk=story_id)
    form = AdaptForm(request.POST or request.GET or None)
    chosen = request.method == "GET" and bool(request.GET.get("area")) and form.is_valid()
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_adapt(
                story=story, by=request.user, area=form.cleaned_data["area"]
            )
        except PilotActionRefused as refused:
            form.add_error("area", refused.message)
        else:
            messages.success(
                request,
                _("A draft proposal was started from “%(title)s”. Make it yours, then submit it.")
                % {"title": story.title},
            )
            return redirect("pilots:edit", pk=pilot.pk)
    return render(
        request,
        "pilots/story_adapt.html",
        {"story": story, "form": form, "area": form.cleaned_data["area"] if chosen else None},
    )


# The pilot's team: co-proposers and the invitations to become one (pilots.co_proposers).


@login_required
@ratelimit(key="user", rate="20/h", method="POST")
def pilot_team(request, pk):
    """The team of a pilot for its members; the proposer invites co-proposers here."""
    pilot = _own_pilot(request, pk)
    is_proposer = may_manage_team(request.user, pilot)
    may_invite = is_proposer and pilot.status in co_proposers.INVITING_STATES
    form = InviteForm(request.POST or None)
    if request.method == "POST" and not may_invite:
        messages.error(request, _("You cannot invite co-proposers to this pilot."))
        return redirect("pilots:team", pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            co_proposers.co_proposer_invite(
                pilot=pilot, by=request.user, email=form.cleaned_data["email"]
            )
        except PilotActionRefused as refused:
            form.add_error("email", refused.message)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("pilots:team", pk=pk)
    # A refused address is shown with the form even when the team has just filled up.
    show_form = may_invite and (form.errors or co_proposers.places_left(pilot) > 0)
    return render(
        request,
        "pilots/pilot_team.html",
        {
            "pilot": pilot,
            "team": selectors.pilot_team(pilot),
            "invitations": co_proposers.pending_invitations(pilot) if is_proposer else [],
            "is_proposer": is_proposer,
            "form": form if show_form else None,
            "may_invite": may_invite,
            "max_co_proposers": co_proposers.MAX_CO_PROPOSERS,
        },
    )


def _team_change(request, pk, change, done: str):
    """Run one change of the team (a service taking the pilot), then back to the team page, or
    to My pilots when the user is no longer in it."""
    pilot = _own_pilot(request, pk)
    try:
        change(pilot)
    except PilotActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    if pilot.is_participant(request.user):
        return redirect("pilots:team", pk=pk)
    return redirect("pilots:mine")


@login_required
@require_POST
def invitation_withdraw(request, pk, invitation_id):
    def withdraw(pilot):
        invitation = get_object_or_404(CoProposerInvitation, pk=invitation_id, pilot=pilot)
        co_proposers.invitation_withdraw(invitation=invitation, by=request.user)

    return _team_change(request, pk, withdraw, _("The invitation was withdrawn."))


@login_required
@require_POST
def co_proposer_remove(request, pk, user_id):
    def remove(pilot):
        member = get_object_or_404(pilot.co_proposers, pk=user_id)
        co_proposers.co_proposer_remove(pilot=pilot, by=request.user, member=member)

    return _team_change(request, pk, remove, _("The co-proposer was removed from the pilot."))


@login_required
@require_POST
def co_proposer_leave(request, pk):
    def leave(pilot):
        co_proposers.co_proposer_leave(pilot=pilot, by=request.user)

    return _team_change(request, pk, leave, _("You left the pilot's team."))


@login_required
@ratelimit(key="user", rate="20/h", method="POST")
def invitation_answer(request, token):
    """The invitee's page behind the emailed link: accept (with or without the name consent)
    or decline. A link that is expired, withdrawn, answered already or meant for another
    address says so in words."""
    try:
        invitation = co_proposers.invitation_for_token(token)
    except PilotActionRefused as refused:
        return render(request, "pilots/invitation.html", {"refusal": refused.message})
    form = InvitationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("answer") == "accept":
                pilot = co_proposers.invitation_accept(
                    invitation=invitation,
                    by=request.user,
                    publish_name=form.cleaned_data["publish_name"],
                )
                messages.success(request, _("Welcome to the team: you are now a co-proposer."))
                return redirect("pilots:detail", pk=pilot.pk)
            co_proposers.invitation_decline(invitation=invitation, by=request.user)
        except PilotActionRefused as refused:
            return render(request, "pilots/invitation.html", {"refusal": refused.message})
        messages.success(request, _("You declined the invitation."))
        return redirect("pilots:mine")
    return render(
        request,
        "pilots/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "refusal": co_proposers.invitee_refusal(invitation, request.user),
        },
    )
