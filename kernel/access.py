"""One shape for a view that only some users may open: a mixin made from a predicate.

The predicates are the apps' own ("may this user pay grants?", in grants.permissions, built on
the roles in accounts.roles); a view names the one that admits its users, and the services it
calls ask the same predicate again. Whoever it does not admit gets a 403 before the view runs,
so neither its queries nor its data reach them.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied


def only_for(may: Callable[..., bool]) -> type:
    """A view mixin that refuses (403) anyone `may(user)` does not admit.

    `class GrantPayView(only_for(may_pay), View)`: put it first, so it runs before the view's
    own `dispatch`.
    """

    class OnlyFor:
        def dispatch(self, request, *args, **kwargs):
            if not may(request.user):
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)

    OnlyFor.__name__ = OnlyFor.__qualname__ = f"OnlyFor_{may.__name__}"
    return OnlyFor
