"""Response headers and answers that keep the site safe to put on the internet.

- `ContentSecurityPolicyMiddleware`: django-csp's middleware with a second, looser policy for
  Wagtail's admin (settings.CONTENT_SECURITY_POLICY_ADMIN). The public site runs no inline
  script or style at all; Wagtail's admin still writes inline scripts and styles of its own, so
  it gets 'unsafe-inline' for those, and only for those, under /admin/.
- `PermissionsPolicyMiddleware`: turns off browser features the site never uses (camera,
  microphone, location...), so an injected script or a framed page cannot ask for them.
- `too_many_requests`: the translated 429 page for a request over a django-ratelimit limit
  (allauth renders the same 429.html for its own limits).
"""

from http import HTTPStatus

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.shortcuts import render


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _is_admin(request):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts


def _is_admin(request) -> bool:
    return request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN["URL_PREFIX"])


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_OFF)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def too_many_requests(request, exception=None):
    """RATELIMIT_VIEW: a page that says what happened and what to do, never a traceback."""
    response = render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = "60"
    return response
