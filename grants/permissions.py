"""Who may see and pay grants: answered once here, used by views, viewsets and services.

Both are finance's work (accounts.roles); the role is read once per user object, so a payment
run that asks about the same finance officer for thousands of grants asks the database once.
"""

from accounts.roles import is_finance


def may_see_grants(user) -> bool:
    return user.is_active and is_finance(user)


def may_pay(user) -> bool:
    return is_finance(user)


def is_recipient(user, grant) -> bool:
    """The resident the grant is paid to: the pilot's proposer."""
    return user.is_authenticated and grant.pilot.proposer_id == user.pk
