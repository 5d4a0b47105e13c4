"""The same fixtures as the test suite, and the fake Stripe the payment benchmark pays through."""

from tests.city import *  # noqa: F403
from tests.fakes.fake_stripe import *  # noqa: F403
from tests.isolation import *  # noqa: F403
from tests.search.analysers import *  # noqa: F403
