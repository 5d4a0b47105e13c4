"""Roles are asked one way: through accounts.roles and the apps' permissions modules built on it,
and a view refuses one way: kernel.access.only_for. A group name, `is_superuser`, `is_staff` or a
model permission tested anywhere else would be a rule the predicates, the services and the
URL-by-role test (tests/security/test_url_matrix.py) do not know about."""

import re
from pathlib import Path

import pytest

from accounts.factories import StaffFactory, UserFactory
from accounts.roles import COORDINATORS, FINANCE, is_city_staff, is_coordinator, is_finance

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "demo",
    "discussions",
    "grants",
    "home",
    "kernel",
    "pilots",
    "pilotsite",
    "privacy",
    "reporting",
    "search",
)
ROLE_TESTS = re.compile(
    r"\.is_superuser\b|\.is_staff\b|groups\.filter|groups__name|\.has_perm\(|_role_names"
)
REFUSALS = re.compile(r"raise PermissionDenied|user_passes_test|permission_required")


def offenders(pattern: re.Pattern, allowed: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) != allowed
        for match in pattern.finditer(path.read_text())
    ]


def test_a_role_is_tested_only_in_accounts_roles():
    assert offenders(ROLE_TESTS, allowed="accounts/roles.py") == []


def test_a_view_refuses_a_user_only_through_kernel_access():
    assert offenders(REFUSALS, allowed="kernel/access.py") == []


@pytest.mark.django_db
def test_a_superuser_holds_every_role_and_a_resident_none():
    superuser, resident = UserFactory(is_superuser=True), UserFactory()
    coordinator, finance = StaffFactory(role=COORDINATORS), StaffFactory(role=FINANCE)
    asked = (is_coordinator, is_finance, is_city_staff)
    assert [[role(user) for role in asked] for user in (superuser, coordinator, finance)] == [
        [True, True, True],
        [True, False, True],
        [False, True, True],
    ]
    assert [role(resident) for role in asked] == [False, False, False]
