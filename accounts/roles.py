"""The names of the city's staff roles, each a Wagtail group, and who holds them.

Data migrations create the groups and grant each the permissions its work needs (accounts 0002,
pilots 0002). This module is the one place that asks whether a user holds a role: code elsewhere
calls `is_coordinator`, `is_finance` or `is_city_staff` (or an app's `permissions` module built
on them), never a group name, `is_superuser` or a model permission. A superuser holds every role.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

AREA_DIRECTORS = "Area directors"
COORDINATORS = "Coordinators"
FINANCE = "Finance"
STAFF_ROLES = (AREA_DIRECTORS, COORDINATORS, FINANCE)


def role_names(user) -> frozenset[str]:
    """The staff roles `user` holds, read from the database once per user object.

    An admin page asks many times (menu items, dashboard panels, permission policies, the
    listing's scope); the request's user object carries the answer for the rest of the request,
    as Django's own permission cache does, so each request still reads the current groups. A
    payment run's task asks for each of thousands of grants about the same finance officer.
    """
    if not user.is_authenticated:
        return frozenset()
    try:
        return user._role_names
    except AttributeError:
        user._role_names = frozenset(
            user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True)
        )
        return user._role_names


def has_role(user, role: str) -> bool:
    """Whether `user` holds `role`; a superuser holds every role."""
    return user.is_authenticated and (user.is_superuser or role in role_names(user))


def is_coordinator(user) -> bool:
    return has_role(user, COORDINATORS)


def is_finance(user) -> bool:
    return has_role(user, FINANCE)


def is_city_staff(user) -> bool:
    """Any staff role, a superuser, or Django's staff flag: an account the city's
    administrators manage, which its holder cannot delete themselves."""
    return user.is_staff or user.is_superuser or bool(role_names(user))


def may_enter_admin(user) -> bool:
    """Wagtail's own gate to its admin, which every staff role's group is given."""
    return user.has_perm("wagtailadmin.access_admin")


def role_holders(role: str) -> QuerySet:
    """The active accounts holding `role` through its group, to tell them something."""
    return get_user_model().objects.filter(groups__name=role, is_active=True)
