"""Reads of grants with their query shape decided in one place."""

from django.db.models import Count, Q, Sum

from grants.models import Grant, GrantStatus, PayoutMethod


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
