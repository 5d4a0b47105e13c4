import pytest

from grants.models import GrantStatus, StripeAccount
from tests.fakes.fake_stripe import *  # noqa: F403 (the fixture)


@pytest.fixture
def ready_grant(approved, fake_stripe):
    """An approved pilot's grant whose recipient has an active Stripe account."""
    StripeAccount.objects.create(
        user=approved.proposer, account_id=fake_stripe.add_account(), transfers_active=True
    )
    grant = approved.grant
    grant.status = GrantStatus.READY
    grant.method = "stripe"
    grant.save()
    return grant
