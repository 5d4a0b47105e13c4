from tests.reporting.grants_city import *  # noqa: F403
