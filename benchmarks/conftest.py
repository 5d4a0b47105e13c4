from tests.conftest import *  # noqa: F403 - the same fixtures as the test suite
from tests.grants.conftest import fake_stripe  # noqa: F401
