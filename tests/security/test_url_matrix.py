"""Every URL pattern of the project against every role: who may open it, and who is refused.

The table below is the access policy, written down. The test walks the project's URL resolver and
fails when a pattern has no row: a new URL cannot go live without someone deciding who may use it.

Outcomes:
  ok       200, or a redirect somewhere other than the login page (the view ran for this user)
  refused  a redirect with an error message: the user may ask, but not in this state
  login    a redirect to the login page, for anonymous visitors
  deny     403 or 404; for a signed-in user also a redirect to the login page (Wagtail's answer
           to a user without admin access) or to the admin's front page (its "no permission")
  400/401  the view refused the request itself (webhooks without a valid signature; allauth's
           "login failed" page)

Wagtail's own admin URLs (pages, images, users...) are Wagtail's to protect: for those the test
only checks that anonymous visitors and residents are kept out. Our own admin viewsets are in
the table with every role.
"""

import os
import uuid

import pytest
from django.contrib import messages
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver
from wagtail.documents.models import Document

from accounts.factories import UserFactory
from discussions import moderation
from discussions import services as discussion_services
from discussions.models import Thread
from notifications.models import Kind, Notification
from notifications.unsubscribe import unsubscribe_token
from pilots import co_proposers, services
from pilots.factories import PilotFactory
from pilots.models import Theme

ROLES = [
    "anonymous",
    "resident",
    "other_resident",
    "other_director",
    "director",
    "coordinator",
    "finance",
]

# Columns: anonymous, resident (the proposer), another resident, the director of another area,
# the pilot's area director, a coordinator, finance.
PUBLIC = "ok ok ok ok ok ok ok"
ANY_USER = "login ok ok ok ok ok ok"
PROPOSER_ONLY = "login ok deny deny deny deny deny"
# The proposer reaches the view, which then refuses in this state (no report yet, no Stripe).
PROPOSER_ONLY_REFUSED = "login refused deny deny deny deny deny"
AREA_STAFF = "login deny deny deny ok ok deny"
DIRECTORS_AND_COORDINATORS = "login deny deny ok ok ok deny"
COORDINATOR_ONLY = "login deny deny deny deny ok deny"
FINANCE_ONLY = "login deny deny deny deny deny ok"
ALL_STAFF = "login deny deny ok ok ok ok"
NOBODY = "login deny deny deny deny deny deny"
NOT_FOUND = "deny deny deny deny deny deny deny"

# route (as the resolver spells it): (method, path with {object} placeholders, outcomes by role)
EXPECTED = {
    # --- outside the language prefix
    # Wagtail's login page sends everyone to ours.
    "admin/login/": ("GET", "/admin/login/", "login login login login login login login"),
    "sitemap.xml": ("GET", "/sitemap.xml", PUBLIC),
    "robots.txt": ("GET", "/robots.txt", PUBLIC),
    "documents/^(\\d+)/(.*)$": ("GET", "{document_url}", PUBLIC),
    "documents/authenticate_with_password/<int:restriction_id>/": (
        "GET",
        "/documents/authenticate_with_password/999999/",
        NOT_FOUND,
    ),
    "stripe/webhook/": ("POST", "/stripe/webhook/", "400 400 400 400 400 400 400"),
    "stripe/webhook/connect/": ("POST", "/stripe/webhook/connect/", "400 400 400 400 400 400 400"),
    # --- allauth
    "fi/accounts/login/": ("GET", "/fi/accounts/login/", PUBLIC),
    "fi/accounts/logout/": ("GET", "/fi/accounts/logout/", PUBLIC),
    "fi/accounts/inactive/": ("GET", "/fi/accounts/inactive/", PUBLIC),
    "fi/accounts/signup/": ("GET", "/fi/accounts/signup/", PUBLIC),
    "fi/accounts/reauthenticate/": ("GET", "/fi/accounts/reauthenticate/", ANY_USER),
    "fi/accounts/email/": ("GET", "/fi/accounts/email/", ANY_USER),
    "fi/accounts/confirm-email/": ("GET", "/fi/accounts/confirm-email/", PUBLIC),
    "fi/accounts/password/change/": ("GET", "/fi/accounts/password/change/", ANY_USER),
    "fi/accounts/password/set/": ("GET", "/fi/accounts/password/set/", ANY_USER),
    "fi/accounts/password/reset/": ("GET", "/fi/accounts/password/reset/", PUBLIC),
    "fi/accounts/login/code/confirm/": ("GET", "/fi/accounts/login/code/confirm/", ANY_USER),
    "fi/accounts/^confirm-email/(?P<key>[-:\\w]+)/$": (
        "GET",
        "/fi/accounts/confirm-email/not-a-key/",
        PUBLIC,
    ),
    "fi/accounts/password/reset/key/done/": (
        "GET",
        "/fi/accounts/password/reset/key/done/",
        PUBLIC,
    ),
    "fi/accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "GET",
        "/fi/accounts/password/reset/key/1-not-a-key/",
        PUBLIC,
    ),
    "fi/accounts/password/reset/done/": ("GET", "/fi/accounts/password/reset/done/", PUBLIC),
    "fi/accounts/3rdparty/login/cancelled/": (
        "GET",
        "/fi/accounts/3rdparty/login/cancelled/",
        PUBLIC,
    ),
    "fi/accounts/3rdparty/login/error/": (
        "GET",
        "/fi/accounts/3rdparty/login/error/",
        "401 401 401 401 401 401 401",
    ),
    # Only in the middle of a login through the city's identity provider.
    "fi/accounts/3rdparty/signup/": ("GET", "/fi/accounts/3rdparty/signup/", NOBODY),
    "fi/accounts/3rdparty/": ("GET", "/fi/accounts/3rdparty/", ANY_USER),
    "fi/accounts/social/login/cancelled/": (
        "GET",
        "/fi/accounts/social/login/cancelled/",
        PUBLIC,
    ),
    "fi/accounts/social/login/error/": ("GET", "/fi/accounts/social/login/error/", PUBLIC),
    "fi/accounts/social/signup/": ("GET", "/fi/accounts/social/signup/", PUBLIC),
    # The old address: a redirect to 3rdparty/, which asks for a login.
    "fi/accounts/social/connections/": ("GET", "/fi/accounts/social/connections/", PUBLIC),
    "fi/accounts/oidc/^(?P<provider_id>[^/]+)/login/": (
        "GET",
        "/fi/accounts/oidc/city/login/",
        NOT_FOUND,
    ),
    "fi/accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/": (
        "GET",
        "/fi/accounts/oidc/city/login/callback/",
        NOT_FOUND,
    ),
    # --- the resident's account
    "fi/me/": ("GET", "/fi/me/", ANY_USER),
    "fi/me/my-data.json": ("GET", "/fi/me/my-data.json", ANY_USER),
    "fi/me/delete/": ("GET", "/fi/me/delete/", ANY_USER),
    # --- notifications: one's own; the emailed unsubscribe link needs no login
    "fi/me/notifications/": ("GET", "/fi/me/notifications/", ANY_USER),
    "fi/me/notifications/<int:pk>/": (
        "GET",
        "/fi/me/notifications/{notification}/",
        PROPOSER_ONLY,
    ),
    "fi/me/notifications/read/": ("POST", "/fi/me/notifications/read/", ANY_USER),
    "fi/me/notifications/settings/": ("GET", "/fi/me/notifications/settings/", ANY_USER),
    "fi/unsubscribe/<str:token>/": ("GET", "/fi/unsubscribe/{unsubscribe_token}/", PUBLIC),
    # Following: any signed-in account; the proposer hears of their own proposal anyway.
    "fi/areas/<slug:slug>/follow/": ("POST", "/fi/areas/{area_slug}/follow/", ANY_USER),
    "fi/proposals/<int:pk>/follow/": (
        "POST",
        "/fi/proposals/{public}/follow/",
        "login refused ok ok ok ok ok",
    ),
    "fi/stories/<int:page_id>/follow/": ("POST", "/fi/stories/{story}/follow/", ANY_USER),
    # --- the resident's pilots: only the proposer, nobody else (staff decide in the admin)
    "fi/pilots/": ("GET", "/fi/pilots/", ANY_USER),
    "fi/pilots/propose/": ("GET", "/fi/pilots/propose/", ANY_USER),
    "fi/pilots/<int:pk>/": ("GET", "/fi/pilots/{draft}/", PROPOSER_ONLY),
    "fi/pilots/<int:pk>/edit/": ("GET", "/fi/pilots/{draft}/edit/", PROPOSER_ONLY),
    "fi/pilots/<int:pk>/withdraw/": ("GET", "/fi/pilots/{draft}/withdraw/", PROPOSER_ONLY),
    "fi/pilots/<int:pk>/report/": ("GET", "/fi/pilots/{funded}/report/", PROPOSER_ONLY),
    "fi/pilots/<int:pk>/payout/bank/": ("GET", "/fi/pilots/{funded}/payout/bank/", PROPOSER_ONLY),
    "fi/pilots/<int:pk>/payout/stripe/refresh/": (
        "GET",
        "/fi/pilots/{funded}/payout/stripe/refresh/",
        PROPOSER_ONLY_REFUSED,
    ),
    "fi/pilots/<int:pk>/payout/stripe/return/": (
        "GET",
        "/fi/pilots/{funded}/payout/stripe/return/",
        PROPOSER_ONLY_REFUSED,
    ),
    "fi/pilots/<int:pk>/submit/": ("POST", "/fi/pilots/{draft}/submit/", PROPOSER_ONLY),
    # The team: its members see it (co-proposers are in tests/pilots/test_co_proposers.py).
    "fi/pilots/<int:pk>/team/": ("GET", "/fi/pilots/{draft}/team/", PROPOSER_ONLY),
    # The proposer is no co-proposer to leave, nor one of their own to remove.
    "fi/pilots/<int:pk>/team/leave/": (
        "POST",
        "/fi/pilots/{draft}/team/leave/",
        PROPOSER_ONLY_REFUSED,
    ),
    "fi/pilots/<int:pk>/team/<int:user_id>/remove/": (
        "POST",
        "/fi/pilots/{draft}/team/{proposer}/remove/",
        "login deny deny deny deny deny deny",
    ),
    "fi/pilots/<int:pk>/team/invitations/<int:invitation_id>/withdraw/": (
        "POST",
        "/fi/pilots/{draft}/team/invitations/{invitation}/withdraw/",
        PROPOSER_ONLY,
    ),
    # The emailed link: anyone signed in reaches it; it says in words whose it is (here the
    # invitee's, whom none of these roles is) or why it no longer works.
    "fi/co-proposer-invitations/<str:token>/": (
        "GET",
        "/fi/co-proposer-invitations/{invitation_token}/",
        ANY_USER,
    ),
    "fi/pilots/<int:pk>/name-consent/": (
        "POST",
        "/fi/pilots/{funded}/name-consent/",
        PROPOSER_ONLY,
    ),
    "fi/pilots/<int:pk>/public/": ("POST", "/fi/pilots/{funded}/public/", PROPOSER_ONLY),
    "fi/pilots/<int:pk>/photo-consent/": (
        "POST",
        "/fi/pilots/{funded}/photo-consent/",
        PROPOSER_ONLY_REFUSED,
    ),
    "fi/pilots/<int:pk>/report/submit/": (
        "POST",
        "/fi/pilots/{funded}/report/submit/",
        PROPOSER_ONLY_REFUSED,
    ),
    "fi/pilots/<int:pk>/payout/stripe/": (
        "POST",
        "/fi/pilots/{funded}/payout/stripe/",
        PROPOSER_ONLY_REFUSED,
    ),
    # --- public pages
    "fi/stories/<int:story_id>/adapt/": ("GET", "/fi/stories/{story}/adapt/", ANY_USER),
    "fi/stories/feed/": ("GET", "/fi/stories/feed/", PUBLIC),
    "fi/areas/": ("GET", "/fi/areas/", PUBLIC),
    "fi/areas/<slug:slug>/": ("GET", "/fi/areas/{area_slug}/", PUBLIC),
    "fi/proposals/": ("GET", "/fi/proposals/", PUBLIC),
    "fi/proposals/<int:pk>/": ("GET", "/fi/proposals/{public}/", PUBLIC),
    # Any signed-in account supports another's public proposal; the proposer and the area's
    # director, who decides on it, are refused.
    "fi/proposals/<int:pk>/support/": (
        "POST",
        "/fi/proposals/{public}/support/",
        "login refused ok ok refused ok ok",
    ),
    # Comments: every signed-in account reaches the view; a post without text is refused.
    "fi/proposals/<int:pk>/comments/": (
        "POST",
        "/fi/proposals/{public}/comments/",
        "login refused refused refused refused refused refused",
    ),
    "fi/stories/<int:page_id>/comments/": (
        "POST",
        "/fi/stories/{story}/comments/",
        "login refused refused refused refused refused refused",
    ),
    # The proposer's own comment: only they edit it; everyone else is sent back with why.
    "fi/comments/<int:pk>/edit/": (
        "GET",
        "/fi/comments/{own_comment}/edit/",
        "login ok refused refused refused refused refused",
    ),
    # The coordinator's comment: refused to the others, deleted by its author, then gone.
    "fi/comments/<int:pk>/delete/": (
        "POST",
        "/fi/comments/{staff_comment}/delete/",
        "login refused refused refused refused ok deny",
    ),
    # Reports: every signed-in account reaches the view; a report without a reason is refused.
    "fi/comments/<int:pk>/report/": (
        "POST",
        "/fi/comments/{own_comment}/report/",
        "login refused refused refused refused refused refused",
    ),
    "fi/proposals/<int:pk>/report/": (
        "POST",
        "/fi/proposals/{public}/report/",
        "login refused refused refused refused refused refused",
    ),
    "fi/decisions/": ("GET", "/fi/decisions/", PUBLIC),
    "fi/decisions/<int:pk>/": ("GET", "/fi/decisions/{decision}/", PUBLIC),
    "fi/open-data/": ("GET", "/fi/open-data/", PUBLIC),
    "fi/open-data/grants.json": ("GET", "/fi/open-data/grants.json", PUBLIC),
    "fi/open-data/grants.csv": ("GET", "/fi/open-data/grants.csv", PUBLIC),
    "fi/open-data/avustukset.csv": ("GET", "/fi/open-data/avustukset.csv", PUBLIC),
    "fi/statistics/": ("GET", "/fi/statistics/", PUBLIC),
    "fi/api/stories/": ("GET", "/fi/api/stories/", PUBLIC),
    "fi/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        "GET",
        "/fi/_util/authenticate_with_password/999999/{home}/",
        NOT_FOUND,
    ),
    "fi/_util/login/": ("GET", "/fi/_util/login/", PUBLIC),
    "fi/^((?:[\\w\\-]+/)*)$": ("GET", "{story_url}", PUBLIC),
    # --- our admin: proposals (directors of the area and coordinators)
    # Directors see the proposals of their own areas only, so the list is open to every director.
    "admin/proposals/": ("GET", "/admin/proposals/", DIRECTORS_AND_COORDINATORS),
    "admin/proposals/results/": ("GET", "/admin/proposals/results/", DIRECTORS_AND_COORDINATORS),
    "admin/proposals/inspect/<int:pk>/": (
        "GET",
        "/admin/proposals/inspect/{submitted}/",
        AREA_STAFF,
    ),
    "admin/proposals/decide/<int:pk>/<str:action>/": (
        "GET",
        "/admin/proposals/decide/{submitted}/approve/",
        # Only the area's director decides; a coordinator is sent back to the proposal.
        "login deny deny deny ok refused deny",
    ),
    # A story is made of a reported pilot; the funded one is refused, but only after the check.
    "admin/proposals/story/<int:pk>/": (
        "POST",
        "/admin/proposals/story/{funded}/",
        "login deny deny deny refused refused deny",
    ),
    # --- our admin: grants and SEPA files (finance and coordinators)
    "admin/grants/": ("GET", "/admin/grants/", FINANCE_ONLY),
    "admin/grants/results/": ("GET", "/admin/grants/results/", FINANCE_ONLY),
    "admin/grants/inspect/<int:pk>/": (
        "GET",
        "/admin/grants/inspect/{grant}/",
        FINANCE_ONLY,
    ),
    # Finance may pay; this grant went by bank transfer and is paid already.
    "admin/grants/pay/<int:pk>/": (
        "POST",
        "/admin/grants/pay/{grant}/",
        "login deny deny deny deny deny refused",
    ),
    # Finance may check and retry a blocked grant, or ask Stripe again about an open payment or
    # reversal; this grant is paid, so each is refused, but only after the check.
    "admin/grants/retry/<int:pk>/": (
        "GET",
        "/admin/grants/retry/{grant}/",
        "login deny deny deny deny deny refused",
    ),
    "admin/grants/ask-stripe/<int:pk>/": (
        "POST",
        "/admin/grants/ask-stripe/{grant}/",
        "login deny deny deny deny deny refused",
    ),
    "admin/grants/ask-stripe/reversal/<int:pk>/": (
        "POST",
        "/admin/grants/ask-stripe/reversal/{grant}/",
        "login deny deny deny deny deny refused",
    ),
    "admin/grants/totals/": ("GET", "/admin/grants/totals/", FINANCE_ONLY),
    "admin/grants/pay-all/": ("GET", "/admin/grants/pay-all/", FINANCE_ONLY),
    "admin/grants/pay-all/<uuid:run>/": (
        "GET",
        "/admin/grants/pay-all/{run}/",
        FINANCE_ONLY,
    ),
    "admin/sepa-batches/": ("GET", "/admin/sepa-batches/", FINANCE_ONLY),
    "admin/sepa-batches/results/": ("GET", "/admin/sepa-batches/results/", FINANCE_ONLY),
    "admin/sepa-batches/inspect/<int:pk>/": (
        "GET",
        "/admin/sepa-batches/inspect/{batch}/",
        FINANCE_ONLY,
    ),
    "admin/sepa-batches/new/": ("GET", "/admin/sepa-batches/new/", FINANCE_ONLY),
    "admin/sepa-batches/download/<int:pk>/": (
        "GET",
        "/admin/sepa-batches/download/{batch}/",
        FINANCE_ONLY,
    ),
    # Marking a paid batch paid again changes nothing and is no error.
    "admin/sepa-batches/paid/<int:pk>/": (
        "POST",
        "/admin/sepa-batches/paid/{batch}/",
        FINANCE_ONLY,
    ),
    # After the batch was marked paid just above: a paid payment cannot be marked failed.
    "admin/sepa-batches/failed/<int:pk>/<int:payment_pk>/": (
        "POST",
        "/admin/sepa-batches/failed/{batch}/{payment}/",
        "login deny deny deny deny deny refused",
    ),
    # --- our admin: the conversations (coordinators read them; nobody writes them there)
    "admin/comments/": ("GET", "/admin/comments/", COORDINATOR_ONLY),
    "admin/comments/results/": ("GET", "/admin/comments/results/", COORDINATOR_ONLY),
    "admin/comments/inspect/<int:pk>/": (
        "GET",
        "/admin/comments/inspect/{own_comment}/",
        COORDINATOR_ONLY,
    ),
    # Moderation: the queue and its actions are the coordinators'; hiding, or stopping an
    # author, without grounds is refused.
    "admin/comments/moderation/": ("GET", "/admin/comments/moderation/", COORDINATOR_ONLY),
    "admin/comments/hide/<int:pk>/": (
        "POST",
        "/admin/comments/hide/{own_comment}/",
        "login deny deny deny deny refused deny",
    ),
    "admin/comments/stop-author/<int:pk>/": (
        "POST",
        "/admin/comments/stop-author/{own_comment}/",
        "login deny deny deny deny refused deny",
    ),
    "admin/comments/allow/<int:pk>/": ("POST", "/admin/comments/allow/{ban}/", COORDINATOR_ONLY),
    "admin/comments/restore/<int:pk>/": (
        "POST",
        "/admin/comments/restore/{own_comment}/",
        COORDINATOR_ONLY,
    ),
    "admin/comments/dismiss/<int:pk>/": (
        "POST",
        "/admin/comments/dismiss/{own_comment}/",
        COORDINATOR_ONLY,
    ),
    "admin/comments/proposals/hide/<int:pk>/": (
        "POST",
        "/admin/comments/proposals/hide/{public}/",
        "login deny deny deny deny refused deny",
    ),
    "admin/comments/proposals/restore/<int:pk>/": (
        "POST",
        "/admin/comments/proposals/restore/{public}/",
        COORDINATOR_ONLY,
    ),
    "admin/comments/proposals/dismiss/<int:pk>/": (
        "POST",
        "/admin/comments/proposals/dismiss/{public}/",
        COORDINATOR_ONLY,
    ),
    # --- our admin: the council report (coordinators)
    # Directors report on their own areas; the report holds totals, no personal data.
    "admin/council-report/": ("GET", "/admin/council-report/", ALL_STAFF),
}

# Areas, calls, budgets and themes: the same ModelViewSet views for each, run by coordinators.
for prefix, placeholder in [
    ("areas", "area"),
    ("calls", "call"),
    ("budgets", "budget"),
    ("themes", "theme"),
]:
    for view in ["", "results/", "new/"]:
        EXPECTED[f"admin/{prefix}/{view}"] = ("GET", f"/admin/{prefix}/{view}", COORDINATOR_ONLY)
    for view in ["edit", "history", "history-results", "usage", "copy"]:
        EXPECTED[f"admin/{prefix}/{view}/<int:pk>/"] = (
            "GET",
            f"/admin/{prefix}/{view}/{{{placeholder}}}/",
            COORDINATOR_ONLY,
        )
    # Nobody deletes them: pilots, decisions and grants refer to them for good.
    EXPECTED[f"admin/{prefix}/delete/<int:pk>/"] = (
        "GET",
        f"/admin/{prefix}/delete/{{{placeholder}}}/",
        NOBODY,
    )

# Wagtail's own admin: open to everyone (the login page's redirects, static assets), else staff.
WAGTAIL_ADMIN_OPEN = {
    "admin/login/",
    "admin/logout/",
    "admin/password_reset/",
    "admin/password_reset/done/",
    "admin/password_reset/confirm/<uidb64>/<token>/",
    "admin/sprite/",
    "admin/password_reset/complete/",
    "admin/jsi18n/",
}


def url_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, route)
        else:
            yield route


def is_ours(route: str) -> bool:
    return not route.startswith("admin/") or route in EXPECTED


def sample_path(route: str) -> str:
    """A path that the route matches, with made-up values: for Wagtail's built-in admin URLs."""
    path = "/" + route
    replacements = {
        "<int:": "1",
        "<uuid:": str(uuid.uuid4()),
        "<slug:": "x",
        "<path:": "x",
        "<str:": "x",
        "<": "x",
    }
    for opening, value in replacements.items():
        while opening in path:
            start = path.index(opening)
            path = path[:start] + value + path[path.index(">", start) + 1 :]
    return path


def outcome(client, response, path: str, signed_in: bool) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location == f"/fi{path}":
            # LocaleMiddleware tries a 404 again under the language prefix: follow it once.
            return outcome(client, client.get(location), location, signed_in)
        if "/accounts/login/" in location or location.startswith("/admin/login/"):
            return "deny" if signed_in and not path.startswith("/admin/login/") else "login"
        if location == "/admin/" and path.startswith("/admin/"):
            return "deny"
        # Only the messages this request added, not those still waiting from earlier ones.
        added = response.wsgi_request._messages._queued_messages
        if any(message.level == messages.ERROR for message in added):
            return "refused"
        return "ok"
    if response.status_code == 200:
        return "ok"
    if response.status_code in (403, 404):
        return "deny"
    return str(response.status_code)


def comment(pilot, author) -> int:
    return discussion_services.comment_add(
        pilot=pilot, thread=Thread.PROPOSAL, by=author, body="Kommentti"
    ).pk


@pytest.fixture
def world(
    settings, tmp_path, funded, stories, coordinator, area_director, other_director, finance_officer
):
    """One object of each kind the URLs take, the proposer's own where there is an owner."""
    proposer = funded.proposer
    draft = PilotFactory(call=funded.call, area=funded.area, proposer=proposer)
    submitted = services.pilot_submit(
        pilot=PilotFactory(call=funded.call, area=funded.area, proposer=proposer), by=proposer
    )
    settings.MEDIA_ROOT = tmp_path
    payment = funded.grant.payments.get()
    document = Document.objects.create(title="doc", file=ContentFile(b"text", name="doc.txt"))
    budget = funded.call.budgets.get(area=funded.area)
    invitation = co_proposers.co_proposer_invite(
        pilot=draft, by=proposer, email="invitee@example.org"
    )
    public = services.pilot_set_shown_publicly(pilot=submitted, by=proposer, publish=True)
    staff_comment = comment(public, coordinator)
    objects = {
        "draft": draft.pk,
        "proposer": proposer.pk,
        "invitation": invitation.pk,
        "invitation_token": co_proposers.invitation_token(invitation),
        "submitted": submitted.pk,
        "public": public.pk,
        "own_comment": comment(public, proposer),
        "staff_comment": staff_comment,
        # The proposer's, of the coordinator's comment on their proposal.
        "notification": Notification.objects.get(recipient=proposer, comment=staff_comment).pk,
        "unsubscribe_token": unsubscribe_token(proposer, [Kind.REPLY]),
        "ban": moderation.commenting_stop(
            comment=discussion_services.comment_add(
                pilot=public, thread=Thread.PROPOSAL, by=UserFactory(), body="Mainos"
            ),
            by=coordinator,
            grounds="Mainoksia",
        ).pk,
        "funded": funded.pk,
        "decision": funded.decision.pk,
        "grant": funded.grant.pk,
        "payment": payment.pk,
        "batch": payment.batch_id,
        "run": uuid.uuid4(),
        "story": stories["library"].pk,
        "story_url": stories["library"].url,
        "home": stories["library"].get_parent().get_parent().pk,
        "document_url": document.url,
        "area": funded.area.pk,
        "area_slug": funded.area.slug,
        "call": funded.call.pk,
        "budget": budget.pk,
        "theme": Theme.objects.first().pk,
    }
    users = {
        "anonymous": None,
        "resident": proposer,
        "other_resident": UserFactory(),
        "other_director": other_director,
        "director": area_director,
        "coordinator": coordinator,
        "finance": finance_officer,
    }
    return objects, users


class Visitor:
    """One browser of one role (user None: an anonymous visitor), signed in once."""

    def __init__(self, user):
        self.user, self.client = user, Client()
        if user is not None:
            self.client.force_login(user)

    def outcome(self, method: str, path: str) -> str:
        response = getattr(self.client, method.lower())(path)
        result = outcome(self.client, response, path, signed_in=self.user is not None)
        if self.user is not None and "logout" in path:
            self.client.force_login(self.user)
        return result


def test_every_url_pattern_has_an_expectation():
    missing = [route for route in url_patterns() if not route.startswith("admin/")]
    missing = [route for route in missing if route not in EXPECTED]
    assert missing == [], "Decide who may open these URLs and add them to EXPECTED"


def test_every_expectation_is_still_a_url_pattern():
    routes = set(url_patterns())
    assert [route for route in [*EXPECTED, *WAGTAIL_ADMIN_OPEN] if route not in routes] == []


@pytest.mark.django_db
def test_url_by_role_matrix(world):
    objects, users = world
    visitors = {role: Visitor(users[role]) for role in ROLES}
    # GETs first: the POSTs may move the pilots on (submit, consents).
    rows = sorted(EXPECTED.items(), key=lambda item: item[1][0] == "POST")
    failures, actual = [], {}
    for route, (method, template, expected) in rows:
        path = template.format(**objects)
        got = [visitors[role].outcome(method, path) for role in ROLES]
        actual[route] = " ".join(got)
        if got != expected.split():
            failures.append(f"{route}\n    expected {expected}\n    got      {' '.join(got)}")
    if os.environ.get("URL_MATRIX_PRINT"):
        for route, got in actual.items():
            print(f"{route!r}: {got!r}")  # noqa: T201 - asked for with URL_MATRIX_PRINT
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_wagtail_admin_keeps_out_anonymous_visitors_and_residents(world):
    _objects, users = world
    # Regular-expression routes (a handful: revisions compared, the sprite) are not sampled.
    routes = [
        route
        for route in url_patterns()
        if route.startswith("admin/")
        and not is_ours(route)
        and route not in WAGTAIL_ADMIN_OPEN
        and "^" not in route
    ]
    assert len(routes) > 150  # the whole of Wagtail's admin, not a handful
    anonymous, resident = Visitor(None), Visitor(users["resident"])
    let_in = []
    for route in routes:
        path = sample_path(route)
        if (got := anonymous.outcome("GET", path)) != "login":
            let_in.append(f"anonymous {path} -> {got}")
        if (got := resident.outcome("GET", path)) != "deny":
            let_in.append(f"resident {path} -> {got}")
    assert let_in == [], "\n".join(let_in)
