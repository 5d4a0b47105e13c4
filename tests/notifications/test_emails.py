"""The notification emails: at once, in a daily or weekly digest, or never, as each chose; the
digest command sending nothing twice; the one-click unsubscribe link and its headers."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.factories import UserFactory
from discussions import moderation
from discussions import services as discussion_services
from discussions.models import Thread
from notifications import services
from notifications.emails import digests_send
from notifications.models import Digest, Frequency, Kind, Notification
from notifications.unsubscribe import unsubscribe_token

pytestmark = pytest.mark.django_db


def add(pilot, by, body="Hyvä idea!", thread=Thread.PROPOSAL, **kwargs):
    return discussion_services.comment_add(pilot=pilot, thread=thread, by=by, body=body, **kwargs)


def choose(user, kind, frequency):
    services.preferences_set(user=user, by=user, chosen={kind: frequency})


def to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_a_comment_on_my_proposal_is_emailed_at_once_by_default_with_the_unsubscribe_headers(
    public_proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = add(public_proposal, UserFactory(), "Kysymys:\nmilloin?")
    (message,) = mail.outbox
    assert message.to == [public_proposal.proposer.email]
    assert "Kysymys:\nmilloin?" in message.body
    assert f"/fi/proposals/{public_proposal.pk}/#comment-{comment.pk}" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/fi/unsubscribe/" in unsubscribe
    assert unsubscribe[1:-1] in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(recipient=public_proposal.proposer).emailed_at is not None


def test_a_question_on_a_story_emails_its_team_a_link_to_the_story(
    stories, django_capture_on_commit_callbacks
):
    story = stories["library"]
    with django_capture_on_commit_callbacks(execute=True):
        question = add(story.pilot, UserFactory(), "Miten kävi?", thread=Thread.STORY)
    (message,) = mail.outbox
    assert message.to == [story.pilot.proposer.email]
    assert f"{story.url}#comment-{question.pk}" in message.body
    assert message.body.count("Miten kävi?") == 1


def test_the_email_is_in_the_recipients_language(
    public_proposal, follower, django_capture_on_commit_callbacks
):
    services.follow_add(by=follower, pilot=public_proposal)
    choose(follower, Kind.FOLLOWED_COMMENT, Frequency.IMMEDIATELY)
    with django_capture_on_commit_callbacks(execute=True):
        add(public_proposal, UserFactory())
    (message,) = to(follower)
    assert f"/sv/proposals/{public_proposal.pk}/" in message.body
    assert "/sv/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert "Hej Ville" in message.body


def test_never_emails_nothing_but_the_notification_is_listed(
    public_proposal, django_capture_on_commit_callbacks
):
    proposer = public_proposal.proposer
    choose(proposer, Kind.COMMENT_ON_MINE, Frequency.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        add(public_proposal, UserFactory())
    assert mail.outbox == []
    assert digests_send() == {"daily": 0, "weekly": 0}
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=proposer, emailed_at__isnull=True).count() == 1


def test_daily_goes_only_in_the_digest_which_is_sent_once(
    public_proposal, follower, django_capture_on_commit_callbacks
):
    services.follow_add(by=follower, pilot=public_proposal)
    with django_capture_on_commit_callbacks(execute=True):
        add(public_proposal, UserFactory(), "Ensimmäinen")
        add(public_proposal, UserFactory(), "Toinen")
    assert to(follower) == []  # followed comments are in the daily digest by default
    call_command("notifications_send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (digest,) = to(follower)
    assert digest.body.count(f"/sv/proposals/{public_proposal.pk}/#comment-") == 2
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Run again: nothing new, nothing sent twice.
    mail.outbox.clear()
    assert digests_send() == {"daily": 0, "weekly": 0}
    assert mail.outbox == []
    assert Digest.objects.get(user=follower).notification_count == 2


def test_the_next_daily_digest_waits_a_day_and_weekly_waits_a_week(public_proposal, follower):
    services.follow_add(by=follower, pilot=public_proposal)
    choose(follower, Kind.DECISION, Frequency.WEEKLY)
    author = UserFactory()  # one author: nobody else follows the proposal
    now = timezone.now()
    assert digests_send(now) == {"daily": 0, "weekly": 0}
    add(public_proposal, author)
    assert digests_send(now) == {"daily": 1, "weekly": 0}
    add(public_proposal, author)
    assert digests_send(now + datetime.timedelta(hours=12)) == {"daily": 0, "weekly": 0}
    assert digests_send(now + datetime.timedelta(hours=23)) == {"daily": 1, "weekly": 0}
    Notification.objects.create(recipient=follower, kind=Kind.DECISION, pilot=public_proposal)
    assert digests_send(now + datetime.timedelta(days=1)) == {"daily": 0, "weekly": 1}
    Notification.objects.create(recipient=follower, kind=Kind.DECISION, pilot=public_proposal)
    assert digests_send(now + datetime.timedelta(days=3)) == {"daily": 0, "weekly": 0}
    assert digests_send(now + datetime.timedelta(days=8)) == {"daily": 0, "weekly": 1}


def test_what_was_read_on_the_site_is_not_emailed(public_proposal, follower):
    services.follow_add(by=follower, pilot=public_proposal)
    add(public_proposal, UserFactory())
    services.notifications_mark_all_read(by=follower)
    assert digests_send() == {"daily": 0, "weekly": 0}


def test_a_hidden_comment_is_not_quoted(
    public_proposal, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        comment = add(public_proposal, UserFactory(), "Solvaus")
    moderation.comment_hide(comment=comment, by=coordinator, grounds="Asiaton")
    mail.outbox.clear()
    for callback in queued:
        callback()
    (message,) = to(public_proposal.proposer)
    assert "Solvaus" not in message.body


def test_the_unsubscribe_link_asks_then_stops_that_kind_without_a_login(
    public_proposal, django_capture_on_commit_callbacks
):
    proposer = public_proposal.proposer
    url = f"/fi/unsubscribe/{unsubscribe_token(proposer, [Kind.COMMENT_ON_MINE])}/"
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page.status_code == 200 and b'id="unsubscribe-confirm"' in page.content
    assert "no-store" in page["Cache-Control"]
    assert not proposer.notification_preferences.exists()  # a GET changes nothing
    done = visitor.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b'id="unsubscribe-done"' in done.content
    assert proposer.notification_preferences.get().frequency == Frequency.NEVER
    with django_capture_on_commit_callbacks(execute=True):
        add(public_proposal, UserFactory())
    assert mail.outbox == []


def test_the_unsubscribe_link_in_an_email_works(
    public_proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add(public_proposal, UserFactory())
    link = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    path = link[link.index("/fi/") :]
    assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    frequency = public_proposal.proposer.notification_preferences.get().frequency
    assert frequency == Frequency.NEVER


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1IjoxfQ:1abc:forged"])
def test_a_bad_unsubscribe_link_says_so_and_changes_nothing(client, proposer, token):
    for method in (client.get, client.post):
        response = method(f"/fi/unsubscribe/{token}/")
        assert response.status_code == 400
        assert b'id="unsubscribe-refused"' in response.content
    assert not proposer.notification_preferences.exists()
