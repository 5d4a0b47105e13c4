"""Grants waiting for a Stripe transfer, made in bulk (the benchmark makes thousands this way),
and the transfers the fake Stripe made for them."""

from django.utils import timezone

from accounts.models import User
from grants.models import Grant, GrantStatus, PayoutMethod, StripeAccount
from pilots.factories import AreaBudgetFactory
from pilots.models import Pilot, PilotStatus


def ready_grants(fake, count, *, status=GrantStatus.READY, code="", prefix="run"):
    """`count` approved pilots whose grants wait for a Stripe transfer, made in bulk (the
    benchmark makes thousands this way), each recipient with an account the fake knows."""
    budget = AreaBudgetFactory(grants=count)
    submitted = timezone.now()
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org") for n in range(count)
    )
    pilots = Pilot.objects.bulk_create(
        Pilot(
            call=budget.call,
            area=budget.area,
            proposer=user,
            title=f"{prefix.title()} {n}",
            status=PilotStatus.APPROVED,
            submitted_at=submitted,
        )
        for n, user in enumerate(users)
    )
    StripeAccount.objects.bulk_create(
        StripeAccount(user=user, account_id=fake.add_account(), transfers_active=True)
        for user in users
    )
    return Grant.objects.bulk_create(
        Grant(
            pilot=pilot,
            amount=budget.call.grant_amount,
            status=status,
            blocked_code=code,
            blocked_reason="The city's Stripe balance does not cover this grant." if code else "",
            method=PayoutMethod.STRIPE,
        )
        for pilot in pilots
    )


def transfers_per_grant(fake) -> dict[str, int]:
    counts: dict[str, int] = {}
    for transfer in fake.transfers.values():
        counts[transfer["transfer_group"]] = counts.get(transfer["transfer_group"], 0) + 1
    return counts
