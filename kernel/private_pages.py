"""Pages made for one person are never kept by a browser or a shared cache.

The rule, by what a response is rather than by a list of views: an answer is private when it was
made for a signed-in person (My account, My pilots, bank details and payouts, proposal and report
forms, the data download, the whole admin: every page that can show someone's own data needs a
sign-in), or when it sets a cookie (a session, a CSRF token, a message: something of this one
visitor). Such an answer gets `Cache-Control: private, no-store`, so it is not written to the
browser's disk, not shown again from its history after signing out, and never stored by a proxy.

Everything else is the same for every anonymous visitor: the public pages keep the caching
headers they have (kernel.public_cache serves them from the shared copy).
"""

from django.utils.cache import patch_cache_control


def is_private(request, response) -> bool:
    user = getattr(request, "user", None)
    return bool(response.cookies) or (user is not None and user.is_authenticated)


class PrivatePagesMiddleware:
    """Outside the session, CSRF and message middleware, so it sees the cookies they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response
