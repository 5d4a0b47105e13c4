"""Every write that matters to a pilot: saving a draft and each transition of its lifecycle.

Each service is atomic, locks the pilot's row, checks who may act and from which state
(`pilots.models.TRANSITIONS`), then changes the pilot, records the transition (database and
Wagtail's audit log) and queues the emails for after the commit. A refused action raises a
`PilotActionRefused` and changes nothing.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from grants.models import UNPAID_STATES, Grant, GrantStatus
from pilots.errors import BudgetExhausted, Incomplete, NotAllowed, PilotActionRefused, WrongState
from pilots.models import (
    TRANSITIONS,
    Action,
    AreaBudget,
    BudgetLine,
    Decision,
    DecisionOutcome,
    Pilot,
    PilotStatus,
    PilotTransition,
)
from pilots.permissions import may_act
from pilots.selectors import granted_count
from pilots.submission import submission_problems
from pilots.tasks import send_transition_emails


def _locked(pilot: Pilot) -> Pilot:
    return (
        Pilot.objects.select_for_update(of=("self",))
        .select_related("call", "area")
        .get(pk=pilot.pk)
    )


def _check(pilot: Pilot, by, action: str) -> None:
    sources, _target, _actor = TRANSITIONS[action]
    if not may_act(by, pilot, action):
        raise NotAllowed()
    if pilot.status not in sources:
        raise WrongState(
            _("A pilot that is “%(status)s” cannot be changed this way.")
            % {"status": pilot.get_status_display()}
        )


def _require_grounds(grounds: str) -> str:
    grounds = (grounds or "").strip()
    if not grounds:
        raise PilotActionRefused(_("Write the grounds: the resident will read them."))
    return grounds


def _record(pilot: Pilot, by, action: str, note: str = "") -> PilotTransition:
    _sources, target, _actor = TRANSITIONS[action]
    record = PilotTransition.objects.create(
        pilot=pilot, action=action, actor=by, from_status=pilot.status, to_status=target, note=note
    )
    pilot.status = target
    pilot.save(update_fields=["status", "submitted_at", "updated_at"])
    if pilot.submitted_at:
        # A draft is the resident's private work: staff's audit log starts at submission.
        log(
            instance=pilot,
            action=f"pilots.{action}",
            user=by,
            data={"from": record.from_status, "to": record.to_status, "note": note},
        )
    transaction.on_commit(lambda: send_transition_emails.enqueue(record.pk))
    return record


@transaction.atomic
def pilot_save_draft(
    *,
    pilot: Pilot,
    by,
    budget_lines: Sequence[tuple[str, Decimal]],
    themes: Iterable = (),
    sdgs: Iterable = (),
) -> Pilot:
    """Create or update the resident's own proposal while it is theirs to edit.

    Raises ValidationError for values that are wrong in themselves (dates in the wrong order,
    budget lines over the grant); what is merely missing is asked for only at submission.
    """
    if pilot.pk is None:
        pilot.proposer = by
        pilot.status = PilotStatus.DRAFT
    else:
        current = _locked(pilot)
        if current.proposer_id != by.pk:
            raise NotAllowed()
        if not current.is_editable:
            raise WrongState(
                _("A proposal can be edited only while it is a draft or changes are requested.")
            )
        pilot.status = current.status
    total = sum((amount for _description, amount in budget_lines), Decimal("0"))
    if total > pilot.call.grant_amount:
        raise ValidationError(
            _("The budget lines add up to %(total)s €, more than the grant of %(grant)s €.")
            % {"total": total, "grant": pilot.call.grant_amount}
        )
    pilot.full_clean()
    pilot.save()
    pilot.themes.set(themes)
    pilot.sdgs.set(sdgs)
    pilot.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(pilot=pilot, description=description, amount=amount)
        for description, amount in budget_lines
    )
    return pilot


@transaction.atomic
def pilot_set_name_consent(*, pilot: Pilot, by, publish: bool) -> Pilot:
    """Give or withdraw consent to show the proposer's name, in any state, as easily either way."""
    pilot = _locked(pilot)
    if pilot.proposer_id != by.pk:
        raise NotAllowed()
    pilot.publish_name = publish
    pilot.save(update_fields=["publish_name", "updated_at"])
    return pilot


@transaction.atomic
def pilot_submit(*, pilot: Pilot, by) -> Pilot:
    """draft → submitted, or changes requested → submitted (resubmit); tells the directors."""
    pilot = _locked(pilot)
    action = Action.RESUBMIT if pilot.status == PilotStatus.CHANGES_REQUESTED else Action.SUBMIT
    _check(pilot, by, action)
    problems = submission_problems(pilot)
    if problems:
        raise Incomplete(problems)
    pilot.submitted_at = pilot.submitted_at or timezone.now()
    _record(pilot, by, action)
    return pilot


@transaction.atomic
def pilot_withdraw(*, pilot: Pilot, by, note: str = "") -> Pilot:
    """draft, submitted or changes requested → withdrawn, by the proposer."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.WITHDRAW)
    _record(pilot, by, Action.WITHDRAW, note.strip())
    return pilot


@transaction.atomic
def pilot_request_changes(*, pilot: Pilot, by, grounds: str) -> Pilot:
    """submitted → changes requested: the director asks the resident to edit and resubmit."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.REQUEST_CHANGES)
    _record(pilot, by, Action.REQUEST_CHANGES, _require_grounds(grounds))
    return pilot


def _decide(
    pilot: Pilot, by, outcome: str, amount: Decimal, decider_title: str, **record
) -> Decision:
    if not by.get_full_name():
        # The decision is public under the official's name, never their email address.
        raise PilotActionRefused(_("Add your first and last name to your profile before deciding."))
    decision = Decision(
        pilot=pilot,
        outcome=outcome,
        decider=by,
        decider_name=by.get_full_name(),
        decider_title=decider_title.strip() or by.job_title,
        decided_on=timezone.localdate(),
        amount=amount,
        **record,
    )
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def pilot_approve(
    *,
    pilot: Pilot,
    by,
    grounds: str,
    conditions: str,
    report_due: datetime.date,
    contact_person: str,
    appeal_instructions: str,
    decider_title: str = "",
) -> Pilot:
    """submitted → approved: the decision record and the grant, within the area's budget.

    The area's budget row is locked (SELECT … FOR UPDATE on PostgreSQL), so directors approving
    at the same moment are counted one after another and the budget is never exceeded.
    """
    pilot = _locked(pilot)
    _check(pilot, by, Action.APPROVE)
    grounds = _require_grounds(grounds)
    budget = AreaBudget.objects.select_for_update().filter(call=pilot.call, area=pilot.area).first()
    if budget is None:
        raise BudgetExhausted(_("This call has no budget for the area."))
    if granted_count(pilot.call_id, pilot.area_id) >= budget.grants:
        raise BudgetExhausted()
    _decide(
        pilot,
        by,
        DecisionOutcome.APPROVED,
        pilot.call.grant_amount,
        decider_title,
        grounds=grounds,
        conditions=conditions,
        report_due=report_due,
        contact_person=contact_person,
        appeal_instructions=appeal_instructions,
    )
    Grant.objects.create(pilot=pilot, amount=pilot.call.grant_amount)
    _record(pilot, by, Action.APPROVE, grounds)
    return pilot


@transaction.atomic
def pilot_reject(
    *,
    pilot: Pilot,
    by,
    grounds: str,
    contact_person: str,
    appeal_instructions: str,
    decider_title: str = "",
) -> Pilot:
    """submitted → rejected, with the decision record; no grant."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.REJECT)
    grounds = _require_grounds(grounds)
    _decide(
        pilot,
        by,
        DecisionOutcome.REJECTED,
        Decimal("0"),
        decider_title,
        grounds=grounds,
        contact_person=contact_person,
        appeal_instructions=appeal_instructions,
    )
    _record(pilot, by, Action.REJECT, grounds)
    return pilot


@transaction.atomic
def pilot_cancel(*, pilot: Pilot, by, grounds: str) -> Pilot:
    """approved → cancelled before the grant is paid; the grant returns to the area's budget."""
    pilot = _locked(pilot)
    _check(pilot, by, Action.CANCEL)
    grounds = _require_grounds(grounds)
    grant = Grant.objects.select_for_update().get(pilot=pilot)
    if grant.status not in UNPAID_STATES:
        raise WrongState(_("The grant has already been paid; it can no longer be cancelled."))
    grant.status = GrantStatus.CANCELLED
    grant.save(update_fields=["status"])
    _record(pilot, by, Action.CANCEL, grounds)
    return pilot


@transaction.atomic
def pilot_mark_funded(*, pilot: Pilot, paid_by=None) -> Pilot:
    """approved → funded, when the grant's money has moved (grants.services calls this).

    Joins the caller's transaction. `paid_by` is the finance officer who started the
    payment, or None when reconciliation or a webhook settled it.
    """
    pilot = _locked(pilot)
    sources, _target, _actor = TRANSITIONS[Action.FUND]
    if pilot.status not in sources:
        raise WrongState()
    _record(pilot, paid_by, Action.FUND)
    return pilot
