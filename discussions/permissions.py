"""Who may moderate the conversations: answered once here, used by the admin views and the
moderation services (built on accounts.roles, as the other apps' permissions are)."""

from accounts.roles import is_coordinator


def may_moderate(user) -> bool:
    return user.is_authenticated and user.is_active and is_coordinator(user)
