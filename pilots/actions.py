"""A pilot's lifecycle, declared once: its states, who acts, and one entry per action.

Each entry of `TRANSITIONS` says all there is to know about an action: the states it starts
from, the state it leads to, who may take it, the service that performs it, the fields of the
staff's form when it is taken in the admin, the emails it sends, and what happens next once it
is taken, in the proposer's words and in staff's. The services check and record it, the
permissions read who may act, the admin builds its buttons and forms from it, the emails and the
next-step sentences are read from it. Adding an action is adding its entry here and writing its
service (and its email's template).

Why the services are named by their dotted path instead of imported: the models take their
choices from this module and the services import the models, so this module sits below both
and cannot import what sits above it. `Transition.perform` imports the service when it is
called, by which time every module is loaded; tests/pilots/test_lifecycle.py checks that each
named service exists and takes the declared form fields, so a typo fails a test, not a click.
"""

import enum
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class PilotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    FUNDED = "funded", _("Funded")
    REPORTED = "reported", _("Results reported")
    PUBLISHED = "published", _("Story published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


class Actor(models.TextChoices):
    """Who may make a transition: the proposer, a director of the pilot's area, or the
    platform itself when money has moved (never a person's click)."""

    PROPOSER = "proposer", _("Proposer")
    DIRECTOR = "director", _("Area director")
    COORDINATOR = "coordinator", _("Coordinator")
    PLATFORM = "platform", _("Platform")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RESUBMIT = "resubmit", _("Resubmit")
    WITHDRAW = "withdraw", _("Withdraw")
    REQUEST_CHANGES = "request_changes", _("Request changes")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    CANCEL = "cancel", _("Cancel")
    FUND = "fund", _("Grant paid")
    REPORT = "report", _("Report results")
    RETURN_REPORT = "return_report", _("Return the report for changes")
    PUBLISH = "publish", _("Publish the story")


class Recipients(enum.StrEnum):
    """Whom an action's email goes to (pilots.notifications finds them)."""

    PROPOSER = "proposer"
    # The proposer and the co-proposers: everyone who took part.
    RESIDENTS = "residents"
    # The directors of the pilot's area, except one who takes part in it.
    DIRECTORS = "directors"
    COORDINATORS = "coordinators"


@dataclass(frozen=True)
class Email:
    """One email an action sends, from pilots/templates/pilots/email/."""

    to: Recipients
    subject: str  # <subject>_subject.txt
    body: str  # <body>_body.txt
    # The decision's standard texts and its public page go with the email.
    decision: bool = False


@dataclass(frozen=True)
class NextStep:
    """What happens next once a pilot is in a state: for the proposer on their pilot's pages,
    for staff on the proposal's page in the admin."""

    proposer: Promise
    staff: Promise
    # The grant's own sentence on its payment follows the proposer's (grants' payout message).
    payment: bool = False
    # The proposer's sentence holds only while no grant was paid: once the pilot's grant had
    # been paid (grants' Grant.cancelled_after_payment: its transfer being or having been taken
    # back, or the money to be returned to the city), the grant's own sentence on it is shown
    # instead, on the pilot's pages and in the action's email.
    before_payment_only: bool = False


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    actor: str
    # The dotted path of the function that performs the action (see the module's docstring).
    service: str
    # What happens next in `target`; actions that lead to the same state share one.
    next_step: NextStep
    # The fields of the staff's form in the admin (pilots.admin_forms.DecisionForm), passed to
    # the service by name. An action with fields is offered as a button on the proposal's
    # admin page; the residents' actions have pages of their own on the public site.
    form_fields: tuple[str, ...] = ()
    emails: tuple[Email, ...] = ()

    def perform(self, **kwargs):
        return import_string(self.service)(**kwargs)


S = PilotStatus
NOTHING_TO_DO = _("Nothing to do.")
# A draft is reached by no action: it is where every proposal starts. Staff never see drafts
# (pilots.selectors.pilots_for_staff).
DRAFTING = NextStep(
    proposer=_("Next: complete the proposal and submit it to the area director."),
    staff=NOTHING_TO_DO,
)
AWAITING_DECISION = NextStep(
    proposer=_("Next: the area director decides. We will email you."),
    staff=_("The area director decides: approve, reject or ask for changes."),
)
CARRYING_OUT = NextStep(
    proposer=_("The grant has been paid. Next: carry out the pilot and report the results."),
    staff=_("Waiting for the residents to carry out the pilot and report the results."),
)

TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(
        sources=frozenset({S.DRAFT}),
        target=S.SUBMITTED,
        actor=Actor.PROPOSER,
        service="pilots.services.pilot_submit",
        next_step=AWAITING_DECISION,
        emails=(
            Email(to=Recipients.DIRECTORS, subject="submitted", body="submitted"),
            Email(to=Recipients.PROPOSER, subject="received", body="received"),
        ),
    ),
    Action.RESUBMIT: Transition(
        sources=frozenset({S.CHANGES_REQUESTED}),
        target=S.SUBMITTED,
        actor=Actor.PROPOSER,
        service="pilots.services.pilot_submit",
        next_step=AWAITING_DECISION,
        emails=(
            Email(to=Recipients.DIRECTORS, subject="resubmitted", body="submitted"),
            Email(to=Recipients.PROPOSER, subject="received", body="received_again"),
        ),
    ),
    Action.WITHDRAW: Transition(
        sources=frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED}),
        target=S.WITHDRAWN,
        actor=Actor.PROPOSER,
        service="pilots.services.pilot_withdraw",
        next_step=NextStep(proposer=_("You withdrew this proposal."), staff=NOTHING_TO_DO),
    ),
    Action.REQUEST_CHANGES: Transition(
        sources=frozenset({S.SUBMITTED}),
        target=S.CHANGES_REQUESTED,
        actor=Actor.DIRECTOR,
        service="pilots.services.pilot_request_changes",
        next_step=NextStep(
            proposer=_("Next: make the changes the director asked for and submit again."),
            staff=_("Waiting for the resident to make the changes and submit again."),
        ),
        form_fields=("grounds",),
        emails=(Email(to=Recipients.PROPOSER, subject="decided", body="changes_requested"),),
    ),
    Action.APPROVE: Transition(
        sources=frozenset({S.SUBMITTED}),
        target=S.APPROVED,
        actor=Actor.DIRECTOR,
        service="pilots.services.pilot_approve",
        next_step=NextStep(
            proposer=_("Approved."),
            staff=_("Finance pays the grant once the resident has given their payment details."),
            payment=True,
        ),
        form_fields=(
            "grounds",
            "grounds_language",
            "report_due",
            "conditions",
            "decider_title",
            "contact_person",
            "appeal_instructions",
        ),
        emails=(Email(to=Recipients.PROPOSER, subject="decided", body="approved", decision=True),),
    ),
    Action.REJECT: Transition(
        sources=frozenset({S.SUBMITTED}),
        target=S.REJECTED,
        actor=Actor.DIRECTOR,
        service="pilots.services.pilot_reject",
        next_step=NextStep(
            proposer=_("Not approved. You may request a correction within 14 days."),
            staff=NOTHING_TO_DO,
        ),
        form_fields=(
            "grounds",
            "grounds_language",
            "decider_title",
            "contact_person",
            "appeal_instructions",
        ),
        emails=(Email(to=Recipients.PROPOSER, subject="decided", body="rejected", decision=True),),
    ),
    # A funded pilot is cancelled only while its Stripe transfer can still be reversed.
    Action.CANCEL: Transition(
        sources=frozenset({S.APPROVED, S.FUNDED}),
        target=S.CANCELLED,
        actor=Actor.DIRECTOR,
        service="pilots.services.pilot_cancel",
        next_step=NextStep(
            proposer=_("The approval was cancelled before payment."),
            staff=NOTHING_TO_DO,
            before_payment_only=True,
        ),
        form_fields=("grounds",),
        emails=(Email(to=Recipients.PROPOSER, subject="decided", body="cancelled"),),
    ),
    # Made when the grants app says the grant's money has moved (pilotsite.pilot_grant_links).
    Action.FUND: Transition(
        sources=frozenset({S.APPROVED}),
        target=S.FUNDED,
        actor=Actor.PLATFORM,
        service="pilots.services.pilots_mark_funded",
        next_step=CARRYING_OUT,
        emails=(Email(to=Recipients.PROPOSER, subject="decided", body="funded"),),
    ),
    Action.REPORT: Transition(
        sources=frozenset({S.FUNDED}),
        target=S.REPORTED,
        actor=Actor.PROPOSER,
        service="pilots.services.report_submit",
        next_step=NextStep(
            proposer=_("Thank you for the report. Next: a coordinator makes a pilot story of it."),
            staff=_("Read the report, then make a story of it or return it for changes."),
        ),
        emails=(Email(to=Recipients.COORDINATORS, subject="reported", body="reported"),),
    ),
    Action.RETURN_REPORT: Transition(
        sources=frozenset({S.REPORTED}),
        target=S.FUNDED,
        actor=Actor.COORDINATOR,
        service="pilots.services.report_return",
        next_step=CARRYING_OUT,
        form_fields=("grounds",),
        emails=(Email(to=Recipients.PROPOSER, subject="decided", body="report_returned"),),
    ),
    # The story page's publication in Wagtail's moderation workflow makes this transition.
    Action.PUBLISH: Transition(
        sources=frozenset({S.REPORTED}),
        target=S.PUBLISHED,
        actor=Actor.PLATFORM,
        service="pilots.services.pilot_mark_published",
        next_step=NextStep(
            proposer=_("The pilot's story is published for everyone to learn from."),
            staff=NOTHING_TO_DO,
        ),
        emails=(Email(to=Recipients.RESIDENTS, subject="decided", body="published"),),
    ),
}

# What happens next in each state: the step of the actions that lead there.
NEXT_STEPS: dict[str, NextStep] = {
    S.DRAFT: DRAFTING,
    **{transition.target: transition.next_step for transition in TRANSITIONS.values()},
}
