import pytest

from grants.models import GrantStatus, StripeAccount
from tests.fakes.stripe_server import FakeStripe


@pytest.fixture
def fake_stripe(settings):
    """The real stripe library pointed at a fake Stripe on loopback, with short timeouts."""
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_minipilot"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_TIMEOUT = 0.5
    settings.STRIPE_MAX_NETWORK_RETRIES = 2
    yield fake
    fake.stop()


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
