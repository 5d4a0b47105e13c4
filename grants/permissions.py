"""Who may see and pay grants: answered once here, used by views, viewsets and services."""

from accounts.roles import FINANCE


def may_see_grants(user) -> bool:
    return user.is_active and user.has_perm("grants.view_grant")


def may_pay(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=FINANCE).exists()
    )


def is_recipient(user, grant) -> bool:
    """The resident the grant is paid to: the pilot's proposer."""
    return user.is_authenticated and grant.pilot.proposer_id == user.pk
