"""Reads of grants with their query shape decided in one place."""

from django.db.models import Count, Q, Sum

from grants.models import (
    ACTIVE_PAYMENT_STATES,
    Grant,
    GrantStatus,
    Payment,
    PaymentStatus,
    PayoutMethod,
    Reversal,
)
from grants.stripe_payments import BALANCE_CODE


def grant_totals() -> list[dict]:
    """Per area and call: grants made, money granted (cancelled grants left out) and paid."""
    live = ~Q(status=GrantStatus.CANCELLED)
    return list(
        Grant.objects.values(
            "pilot__area__name_fi", "pilot__area__name_sv", "pilot__call__title_fi"
        )
        .annotate(
            grants=Count("pk", filter=live),
            granted=Sum("amount", filter=live),
            paid=Sum("amount", filter=Q(status=GrantStatus.PAID)),
        )
        .order_by("pilot__call__title_fi", "pilot__area__name_fi")
    )


def stripe_ready_grants():
    return Grant.objects.filter(
        method=PayoutMethod.STRIPE, status=GrantStatus.READY
    ).select_related("pilot")


PREVIEW_SHOWN = 20


def pay_all_preview() -> dict:
    """What "Pay all ready grants" would take on: counts and totals, and the first few grants
    by name (the page stays small with ten thousand ready)."""
    ready = stripe_ready_grants()
    totals = ready.order_by().aggregate(count=Count("pk"), amount=Sum("amount"))
    blocked = Grant.objects.filter(
        method=PayoutMethod.STRIPE, status=GrantStatus.BLOCKED, blocked_code=BALANCE_CODE
    ).aggregate(count=Count("pk"), amount=Sum("amount"))
    return {
        "count": totals["count"],
        "amount": totals["amount"] or 0,
        "shown": list(ready.order_by("pk")[:PREVIEW_SHOWN]),
        "balance_blocked": blocked["count"],
        "balance_blocked_amount": blocked["amount"] or 0,
    }


# The grants that need a look are listed on the run's page up to this many; the grants
# listing, filtered by state, shows them all.
NEEDS_A_LOOK_SHOWN = 50


def payment_run_progress(run) -> dict:
    """How far one "Pay all" run has got, counted in a few aggregate queries whatever its size.

    `run` is the PaymentRun, or the bare uuid of a run from before runs were recorded (their
    payments carry the uuid; what they found is not known). Each grant of the run is counted
    once, by its latest state: its open or settled payment (claimed → being sent, unknown,
    paid), or, where the run's payments all failed, the grant's own state (blocked → refused,
    awaiting details → sent back to onboarding). A grant the run found but could not claim
    because its recipient's Stripe account cannot receive transfers is sent back to onboarding
    too; that is known once every grant is claimed.
    """
    run_id = getattr(run, "pk", run)
    payments = Payment.objects.filter(run=run_id)
    counts = dict(
        payments.filter(status__in=ACTIVE_PAYMENT_STATES)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    active_grants = payments.filter(status__in=ACTIVE_PAYMENT_STATES).values("grant_id")
    not_paid = Grant.objects.filter(
        pk__in=payments.filter(status=PaymentStatus.FAILED).values("grant_id")
    ).exclude(pk__in=active_grants)
    by_state = dict(not_paid.order_by().values_list("status").annotate(count=Count("pk")))
    claimed = sum(counts.values()) + sum(by_state.values())
    found = getattr(run, "grants_found", None)
    claiming_done = getattr(run, "claimed_at", None) is not None or not hasattr(run, "claimed_at")
    sent_back = by_state.pop(GrantStatus.AWAITING_DETAILS, 0)
    if found is not None and claiming_done:
        sent_back += max(found - claimed, 0)
    sending = counts.get(PaymentStatus.CLAIMED, 0)
    unknown = counts.get(PaymentStatus.UNKNOWN, 0)
    needs_a_look = (
        Grant.objects.filter(
            pk__in=payments.filter(status__in=[PaymentStatus.FAILED, PaymentStatus.UNKNOWN]).values(
                "grant_id"
            )
        )
        .exclude(status=GrantStatus.PAID)
        .select_related("pilot")
        .order_by("pk")
    )
    return {
        "found": found if found is not None else claimed,
        "claimed": claimed,
        "sending": sending,
        "unknown": unknown,
        "paid": counts.get(PaymentStatus.SUCCEEDED, 0),
        "refused": sum(by_state.values()),
        "sent_back": sent_back,
        "claiming": not claiming_done,
        "done": claiming_done and sending == 0 and unknown == 0,
        "needs_a_look": list(needs_a_look[:NEEDS_A_LOOK_SHOWN]),
        "needs_a_look_count": needs_a_look.count(),
    }


def grant_history(grant):
    """The grant's moves through its lifecycle, oldest first, with who made them."""
    return grant.transitions.select_related("actor").order_by("created_at", "pk")


def open_payment(grant):
    """The grant's payment still waiting for Stripe's outcome (claimed or unknown), if any."""
    return (
        grant.payments.filter(
            method=PayoutMethod.STRIPE, status__in=[PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN]
        )
        .order_by("-pk")
        .first()
    )


def open_reversal(grant):
    """The reversal of the grant's transfer still waiting for Stripe's outcome, if any."""
    return (
        Reversal.objects.filter(
            payment__grant=grant, status__in=[PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN]
        )
        .select_related("payment")
        .order_by("-pk")
        .first()
    )
