"""The names of the city's staff roles, each a Wagtail group, and who holds them.

Data migrations create the groups and grant each the permissions its work needs (accounts 0002,
pilots 0002); code refers to a group only through these names, and asks whether a user holds
one through `has_role`.
"""

AREA_DIRECTORS = "Area directors"
COORDINATORS = "Coordinators"
FINANCE = "Finance"
STAFF_ROLES = (AREA_DIRECTORS, COORDINATORS, FINANCE)


def role_names(user) -> frozenset[str]:
    """The staff roles `user` holds, read from the database once per user object.

    An admin page asks many times (menu items, dashboard panels, permission policies, the
    listing's scope); the request's user object carries the answer for the rest of the request,
    as Django's own permission cache does, so each request still reads the current groups.
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
    return role in role_names(user)
