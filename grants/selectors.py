"""Reads of grants with their query shape decided in one place."""

from django.db.models import Count, Q, Sum

from grants.models import Grant, GrantStatus, Payment, PaymentStatus, PayoutMethod


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


def payment_run_progress(run) -> dict:
    """How far the payments finance started together have got: counts per payment state, and
    the grants that need a look (their payment failed; the grant's note says why)."""
    counts = dict(
        Payment.objects.filter(run=run).order_by().values_list("status").annotate(count=Count("pk"))
    )
    in_flight = counts.get(PaymentStatus.CLAIMED, 0) + counts.get(PaymentStatus.UNKNOWN, 0)
    total = sum(counts.values())
    return {
        "total": total,
        "sending": counts.get(PaymentStatus.CLAIMED, 0),
        "unknown": counts.get(PaymentStatus.UNKNOWN, 0),
        "paid": counts.get(PaymentStatus.SUCCEEDED, 0),
        "failed": counts.get(PaymentStatus.FAILED, 0),
        "finished": total - in_flight,
        "done": in_flight == 0,
        "failed_grants": Grant.objects.filter(
            payments__run=run, payments__status=PaymentStatus.FAILED
        ).select_related("pilot"),
    }
