"""A grant's lifecycle: which moves exist, from where, to where, and who may make them.

Every change of `Grant.status` goes through `grant_move` (or `grant_move_many`, the same move
for a payment run's chunk of grants at once), which checks this table, records the move (a
`GrantTransition` row and Wagtail's audit log, "grants.<action>") and queues the resident's
email for after the commit. The caller locks the grant (`select_for_update`) and
owns the transaction; a refused move raises `PaymentRefused` and changes nothing.

    awaiting details ──details given──▶ ready ──claim──▶ payment in progress ──paid──▶ paid
          ▲                               ▲  │                 │  │                 │  ▲
          └──────── details needed ───────┼──┼─────────────────┘  └─refused─▶ blocked │  │
                                          └──┼─ release (finance, after a check) ─┘   │  │
                                             └──cancel──▶ cancelled        payout failed
    paid / payout failed ──reverse──▶ reversing ──reversed──▶ reversed
                                                └─reclaim──▶ to be reclaimed by the city
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.errors import PaymentRefused
from grants.events import grants_paid
from grants.models import Grant, GrantStatus, GrantTransition
from grants.notifications import queue_payment_step_emails
from grants.permissions import is_recipient, may_pay
from kernel.bulk_writes import announce_saved, log_many

S = GrantStatus


class GrantAction(models.TextChoices):
    DETAILS_GIVEN = "details_given", _("Payment details given")
    DETAILS_NEEDED = "details_needed", _("New payment details needed")
    CLAIM = "claim", _("Payment started")
    PAID = "paid", _("Paid")
    REFUSED = "refused", _("Payment refused")
    RELEASE = "release", _("Released for another attempt")
    PAYOUT_PAID = "payout_paid", _("Paid out to the recipient's bank")
    PAYOUT_FAILED = "payout_failed", _("Payout to the recipient's bank failed")
    CANCEL = "cancel", _("Cancelled")
    REVERSE = "reverse", _("Reversal started")
    REVERSED = "reversed", _("Transfer reversed")
    RECLAIM = "reclaim", _("To be reclaimed by the city")


class Actor(models.TextChoices):
    RECIPIENT = "recipient", _("The resident paid")
    FINANCE = "finance", _("Finance")
    # Moves that follow a pilot's own transition (its cancellation), authorised by that
    # transition's check, or that Stripe's answers cause: made by services, never by a click.
    PLATFORM = "platform", _("Minipilot")


@dataclass(frozen=True, kw_only=True)
class Move:
    sources: frozenset
    target: str
    actor: str
    # The payment step email the resident gets (grants.notifications.STEPS), if any.
    email: str = ""


TRANSITIONS: dict[str, Move] = {
    GrantAction.DETAILS_GIVEN: Move(
        sources=frozenset({S.AWAITING_DETAILS, S.READY}),
        target=S.READY,
        actor=Actor.RECIPIENT,
        email="details_received",
    ),
    GrantAction.DETAILS_NEEDED: Move(
        sources=frozenset({S.READY, S.SUBMITTING, S.BLOCKED}),
        target=S.AWAITING_DETAILS,
        actor=Actor.PLATFORM,
    ),
    GrantAction.CLAIM: Move(sources=frozenset({S.READY}), target=S.SUBMITTING, actor=Actor.FINANCE),
    GrantAction.PAID: Move(sources=frozenset({S.SUBMITTING}), target=S.PAID, actor=Actor.PLATFORM),
    GrantAction.REFUSED: Move(
        sources=frozenset({S.SUBMITTING}), target=S.BLOCKED, actor=Actor.PLATFORM
    ),
    GrantAction.RELEASE: Move(sources=frozenset({S.BLOCKED}), target=S.READY, actor=Actor.FINANCE),
    GrantAction.PAYOUT_PAID: Move(
        sources=frozenset({S.PAID, S.PAYOUT_FAILED}), target=S.PAID, actor=Actor.PLATFORM
    ),
    GrantAction.PAYOUT_FAILED: Move(
        sources=frozenset({S.PAID}),
        target=S.PAYOUT_FAILED,
        actor=Actor.PLATFORM,
        email="payout_failed",
    ),
    GrantAction.CANCEL: Move(
        sources=frozenset({S.AWAITING_DETAILS, S.READY, S.BLOCKED}),
        target=S.CANCELLED,
        actor=Actor.PLATFORM,
    ),
    GrantAction.REVERSE: Move(
        sources=frozenset({S.PAID, S.PAYOUT_FAILED}), target=S.REVERSING, actor=Actor.PLATFORM
    ),
    GrantAction.REVERSED: Move(
        sources=frozenset({S.REVERSING}),
        target=S.REVERSED,
        actor=Actor.PLATFORM,
        email="reversed",
    ),
    GrantAction.RECLAIM: Move(
        sources=frozenset({S.REVERSING}), target=S.RECLAIM, actor=Actor.PLATFORM
    ),
}

# States from which nothing moves on: the grant's story is over.
FINAL_STATES = frozenset(
    set(GrantStatus) - {source for move in TRANSITIONS.values() for source in move.sources}
)


def may_move(user, grant: Grant, action: str) -> bool:
    """Whether `user` is who the table names for `action` (the platform's moves need no one)."""
    actor = TRANSITIONS[action].actor
    if actor == Actor.FINANCE:
        return user is not None and may_pay(user)
    if actor == Actor.RECIPIENT:
        return user is not None and is_recipient(user, grant)
    return True


BULK_FIELDS = ("status", "blocked_reason", "blocked_code", "updated_at")


def _checked(grant: Grant, action: str, by) -> Move:
    move = TRANSITIONS[action]
    if not may_move(by, grant, action):
        raise PaymentRefused(_("You are not allowed to do this to this grant."))
    if grant.status not in move.sources:
        raise PaymentRefused(
            _("This grant cannot be changed this way now: it is “%(status)s”.")
            % {"status": grant.get_status_display()}
        )
    return move


def grant_move(
    grant: Grant,
    action: str,
    *,
    by=None,
    note: str = "",
    history: str | None = None,
    code: str = "",
    email: str | None = None,
    also: tuple[str, ...] = (),
) -> Grant:
    """Move a locked grant by `action`: check the table, save, record, log, queue the email.

    `note` is what finance should know about the grant now (shown as its next step), and is
    kept on the transition unless `history` says otherwise (what finance checked before a
    release, say); moving on clears the previous note. `code` is Stripe's refusal
    code when there is one. `email` replaces the table's email step ("" for none). `also`
    names other fields the caller changed on the grant, saved in the same write.
    """
    move = _checked(grant, action, by)
    from_status = grant.status
    grant.status = move.target
    grant.blocked_reason = str(note)
    grant.blocked_code = code
    grant.save(update_fields=["status", "blocked_reason", "blocked_code", "updated_at", *also])
    _record([grant], [from_status], action, move, by, note if history is None else history, email)
    return grant


def grant_move_many(
    grants: Sequence[Grant],
    action: str,
    *,
    by=None,
    note: str = "",
    code: str = "",
    email: str | None = None,
) -> list[Grant]:
    """`grant_move` for many locked grants at once, by the same hand and with the same note:
    a payment run's chunk claimed or settled together, in one UPDATE and one INSERT each for
    the transitions and the audit log instead of one of each per grant.

    Every grant is checked against the table before any is changed, so a refusal (raised
    as `grant_move` raises it) changes none of them.
    """
    grants = list(grants)
    if not grants:
        return grants
    move = TRANSITIONS[action]
    for grant in grants:
        _checked(grant, action, by)
    from_statuses = [grant.status for grant in grants]
    now = timezone.now()
    # The grants are locked and checked: the lifecycle's one bulk write of a status.
    Grant.objects.filter(pk__in=[grant.pk for grant in grants]).update(
        status=move.target, blocked_reason=str(note), blocked_code=code, updated_at=now
    )
    for grant in grants:
        grant.status, grant.blocked_reason, grant.blocked_code = move.target, str(note), code
        grant.updated_at = now
    announce_saved(grants, created=False, update_fields=BULK_FIELDS)
    _record(grants, from_statuses, action, move, by, note, email)
    return grants


def _record(grants, from_statuses, action, move: Move, by, recorded, email) -> None:
    """The moves' history, audit log, emails and, for a payment, the news that it is paid."""
    actor = by if getattr(by, "pk", None) else None
    recorded = str(recorded)
    transitions = GrantTransition.objects.bulk_create(
        GrantTransition(
            grant=grant,
            action=action,
            from_status=from_status,
            to_status=move.target,
            actor=actor,
            note=recorded,
        )
        for grant, from_status in zip(grants, from_statuses, strict=True)
    )
    announce_saved(transitions, created=True)
    before = dict(zip((grant.pk for grant in grants), from_statuses, strict=True))
    log_many(
        grants,
        f"grants.{action}",
        user=actor,
        data=lambda grant: {"from": before[grant.pk], "to": move.target, "note": recorded},
    )
    step = move.email if email is None else email
    if step:
        queue_payment_step_emails([grant.pk for grant in grants], step)
    if action == GrantAction.PAID:
        grants_paid.send(sender=Grant, grants=grants, paid_by=by)
