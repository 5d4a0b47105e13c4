"""A grant's lifecycle: which moves exist, from where, to where, and who may make them.

Every change of `Grant.status` goes through `grant_move`, which checks this table, records the
move (a `GrantTransition` row and Wagtail's audit log, "grants.<action>") and queues the
resident's email for after the commit. The caller locks the grant (`select_for_update`) and
owns the transaction; a refused move raises `PaymentRefused` and changes nothing.

    awaiting details ──details given──▶ ready ──claim──▶ payment in progress ──paid──▶ paid
          ▲                               ▲  │                 │  │                 │  ▲
          └──────── details needed ───────┼──┼─────────────────┘  └─refused─▶ blocked │  │
                                          └──┼─ release (finance, after a check) ─┘   │  │
                                             └──cancel──▶ cancelled        payout failed
    paid / payout failed ──reverse──▶ reversing ──reversed──▶ reversed
                                                └─reclaim──▶ to be reclaimed by the city
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from grants.errors import PaymentRefused
from grants.events import grant_paid
from grants.models import Grant, GrantStatus, GrantTransition
from grants.notifications import queue_payment_step_email
from grants.permissions import is_recipient, may_pay

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


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str
    actor: str
    # The payment step email the resident gets (grants.notifications.STEPS), if any.
    email: str = ""


TRANSITIONS: dict[str, Move] = {
    GrantAction.DETAILS_GIVEN: Move(
        frozenset({S.AWAITING_DETAILS, S.READY}), S.READY, Actor.RECIPIENT, "details_received"
    ),
    GrantAction.DETAILS_NEEDED: Move(
        frozenset({S.READY, S.SUBMITTING, S.BLOCKED}), S.AWAITING_DETAILS, Actor.PLATFORM
    ),
    GrantAction.CLAIM: Move(frozenset({S.READY}), S.SUBMITTING, Actor.FINANCE),
    GrantAction.PAID: Move(frozenset({S.SUBMITTING}), S.PAID, Actor.PLATFORM),
    GrantAction.REFUSED: Move(frozenset({S.SUBMITTING}), S.BLOCKED, Actor.PLATFORM),
    GrantAction.RELEASE: Move(frozenset({S.BLOCKED}), S.READY, Actor.FINANCE),
    GrantAction.PAYOUT_PAID: Move(frozenset({S.PAID, S.PAYOUT_FAILED}), S.PAID, Actor.PLATFORM),
    GrantAction.PAYOUT_FAILED: Move(
        frozenset({S.PAID}), S.PAYOUT_FAILED, Actor.PLATFORM, "payout_failed"
    ),
    GrantAction.CANCEL: Move(
        frozenset({S.AWAITING_DETAILS, S.READY, S.BLOCKED}), S.CANCELLED, Actor.PLATFORM
    ),
    GrantAction.REVERSE: Move(frozenset({S.PAID, S.PAYOUT_FAILED}), S.REVERSING, Actor.PLATFORM),
    GrantAction.REVERSED: Move(frozenset({S.REVERSING}), S.REVERSED, Actor.PLATFORM, "reversed"),
    GrantAction.RECLAIM: Move(frozenset({S.REVERSING}), S.RECLAIM, Actor.PLATFORM),
}

# States from which nothing moves on: the grant's story is over.
FINAL_STATES = frozenset(
    set(GrantStatus) - {source for move in TRANSITIONS.values() for source in move.sources}
)


def may_pay_remembered(user) -> bool:
    """`may_pay`, asked once per user object: a payment run asks it for each of thousands of
    claims about the same finance officer. Remembered on the object, as Django remembers a
    user's permissions, so a role given or taken takes effect with the next request or task."""
    answer = getattr(user, "_grants_may_pay", None)
    if answer is None:
        answer = may_pay(user)
        if getattr(user, "pk", None):
            user._grants_may_pay = answer
    return answer


def may_move(user, grant: Grant, action: str) -> bool:
    """Whether `user` is who the table names for `action` (the platform's moves need no one)."""
    actor = TRANSITIONS[action].actor
    if actor == Actor.FINANCE:
        return user is not None and may_pay_remembered(user)
    if actor == Actor.RECIPIENT:
        return user is not None and is_recipient(user, grant)
    return True


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
    move = TRANSITIONS[action]
    if not may_move(by, grant, action):
        raise PaymentRefused(_("You are not allowed to do this to this grant."))
    if grant.status not in move.sources:
        raise PaymentRefused(
            _("This grant cannot be changed this way now: it is “%(status)s”.")
            % {"status": grant.get_status_display()}
        )
    from_status, actor = grant.status, by if getattr(by, "pk", None) else None
    recorded = str(note if history is None else history)
    grant.status = move.target
    grant.blocked_reason = str(note)
    grant.blocked_code = code
    grant.save(update_fields=["status", "blocked_reason", "blocked_code", "updated_at", *also])
    GrantTransition.objects.create(
        grant=grant,
        action=action,
        from_status=from_status,
        to_status=move.target,
        actor=actor,
        note=recorded,
    )
    log(
        instance=grant,
        action=f"grants.{action}",
        user=actor,
        data={"from": from_status, "to": move.target, "note": recorded},
    )
    step = move.email if email is None else email
    if step:
        queue_payment_step_email(grant.pk, step)
    if action == GrantAction.PAID:
        grant_paid.send(sender=Grant, grant=grant, paid_by=by)
    return grant
