"""The fake Stripe as a fixture, for the grants tests and the payment benchmark alike."""

import pytest

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
