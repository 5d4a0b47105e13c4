"""The fixtures every test may use. They live in modules of their own, which benchmarks/conftest.py
makes its fixtures too: a conftest is never imported (tests/test_house.py)."""

from tests.city import *  # noqa: F403
from tests.isolation import *  # noqa: F403
from tests.search.analysers import *  # noqa: F403
