"""The header's unread count, the notification list (opening marks read, mark all read,
pages, query counts) and the email settings; the anonymous cached copy never has a count."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.factories import UserFactory
from discussions import moderation
from discussions import services as discussion_services
from discussions.models import Thread
from notifications import services
from notifications.models import Frequency, Kind, Notification, NotificationPreference
from notifications.views import PER_PAGE

pytestmark = pytest.mark.django_db


def comment_on(pilot, count=1):
    author = UserFactory()
    return [
        discussion_services.comment_add(
            pilot=pilot, thread=Thread.PROPOSAL, by=author, body=f"Kommentti {n}"
        )
        for n in range(count)
    ]


def test_the_header_shows_the_unread_count_to_the_signed_in_only(client, settings, public_proposal):
    settings.PUBLIC_CACHE_SECONDS = 600
    cache.clear()
    url = f"/fi/proposals/{public_proposal.pk}/"
    client.get(url)  # the anonymous copy is stored
    comment_on(public_proposal, 3)
    client.force_login(public_proposal.proposer)
    page = client.get(url).content.decode()
    assert 'id="notifications-link"' in page and 'id="unread-count"' in page
    assert '<span aria-hidden="true">3</span>' in page
    assert "3 lukematonta" in page or "3 unread" in page
    client.logout()
    anonymous = client.get(url).content.decode()
    assert 'id="notifications-link"' not in anonymous and "unread-count" not in anonymous
    cache.clear()


def test_opening_a_notification_marks_it_read_and_leads_to_the_comment(client, public_proposal):
    (comment,) = comment_on(public_proposal)
    notification = Notification.objects.get(recipient=public_proposal.proposer)
    client.force_login(public_proposal.proposer)
    page = client.get("/fi/me/notifications/").content.decode()
    assert f'id="notification-{notification.pk}"' in page and "notification--unread" in page
    assert public_proposal.title in page
    response = client.get(f"/fi/me/notifications/{notification.pk}/")
    assert response["Location"] == f"/fi/proposals/{public_proposal.pk}/#comment-{comment.pk}"
    notification.refresh_from_db()
    assert notification.is_read
    assert "notification--unread" not in client.get("/fi/me/notifications/").content.decode()


def test_anothers_notification_does_not_open(client, public_proposal):
    comment_on(public_proposal)
    notification = Notification.objects.get()
    client.force_login(UserFactory())
    assert client.get(f"/fi/me/notifications/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read(client, public_proposal):
    comment_on(public_proposal, 2)
    client.force_login(public_proposal.proposer)
    response = client.post("/fi/me/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert 'id="unread-count"' not in client.get("/fi/me/notifications/").content.decode()


def test_the_list_is_paged_and_costs_the_same_queries_however_long(client, public_proposal):
    proposer = public_proposal.proposer
    client.force_login(proposer)
    comment_on(public_proposal, 2)

    def cost(url="/fi/me/notifications/"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response

    few, _response = cost()
    comment_on(public_proposal, PER_PAGE + 5)
    many, response = cost()
    assert many == few
    # The session, the user, the page's count and the page, the header's unread count and its
    # admin link's two permission reads, and the site the footer's links are made for.
    assert few <= 8
    assert response.context["page"].paginator.num_pages == 2
    _cost, second = cost("/fi/me/notifications/?page=2")
    assert len(second.context["page"]) == 7


def test_the_settings_save_a_choice_per_kind(client, follower):
    client.force_login(follower)
    page = client.get("/fi/me/notifications/settings/").content.decode()
    assert 'id="id_reply_0"' in page and 'name="followed_comment"' in page
    chosen = dict.fromkeys(Kind.values, Frequency.IMMEDIATELY)
    chosen[Kind.NEW_PROPOSAL] = Frequency.WEEKLY
    chosen[Kind.REPLY] = Frequency.NEVER
    response = client.post("/fi/me/notifications/settings/", chosen)
    assert response.status_code == 302
    rows = dict(
        NotificationPreference.objects.filter(user=follower).values_list("kind", "frequency")
    )
    # A kind at its default keeps no row.
    assert rows == {
        Kind.NEW_PROPOSAL: Frequency.WEEKLY,
        Kind.REPLY: Frequency.NEVER,
        Kind.DECISION: Frequency.IMMEDIATELY,
        Kind.NEW_STORY: Frequency.IMMEDIATELY,
        Kind.FOLLOWED_COMMENT: Frequency.IMMEDIATELY,
    }
    form = client.get("/fi/me/notifications/settings/").context["form"]
    assert form["new_proposal"].value() == Frequency.WEEKLY
    assert form["comment_on_mine"].value() == Frequency.IMMEDIATELY


def test_a_choice_is_only_its_owners(follower, proposer):
    with pytest.raises(services.ActionRefused):
        services.preferences_set(user=follower, by=proposer, chosen={Kind.REPLY: Frequency.NEVER})


def test_the_pages_need_a_login(client):
    for url in ["/fi/me/notifications/", "/fi/me/notifications/settings/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_proposal_the_moderator_hid_is_not_named_by_its_notifications(
    client, public_proposal, follower, coordinator
):
    services.follow_add(by=follower, pilot=public_proposal)
    comment_on(public_proposal)
    moderation.proposal_hide(pilot=public_proposal, by=coordinator, grounds="Asiaton")
    client.force_login(follower)
    page = client.get("/fi/me/notifications/").content.decode()
    assert 'id="notification-' in page and public_proposal.title not in page
