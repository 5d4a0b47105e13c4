"""Reports and moderation: a reader reports another's comment once; enough readers hold it; a
coordinator hides it with grounds (the page shows them, the author is told, the audit log has
it), restores it or dismisses the reports; nobody else reaches the queue or its actions."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from discussions import moderation, services
from discussions.errors import CommentRefused
from discussions.models import Comment, CommentingBan, CommentReport, ReportReason, Thread
from privacy.personal_data import personal_data
from privacy.services import user_delete_account

pytestmark = pytest.mark.django_db


def page_of(pilot) -> str:
    return f"/fi/proposals/{pilot.pk}/"


def add(pilot, by=None, body="Hyvä idea!"):
    return services.comment_add(
        pilot=pilot, thread=Thread.PROPOSAL, by=by or UserFactory(), body=body
    )


def report(comment, by=None, reason=ReportReason.SPAM):
    return moderation.comment_report(comment=comment, by=by or UserFactory(), reason=reason)


def test_a_signed_in_reader_reports_a_comment_once_with_a_reason(client, public_proposal):
    comment = add(public_proposal)
    reader = UserFactory()
    client.force_login(reader)
    page = client.get(page_of(public_proposal)).content.decode()
    assert f'action="/fi/comments/{comment.pk}/report/"' in page
    response = client.post(
        f"/fi/comments/{comment.pk}/report/", {"reason": "abuse", "note": "Loukkaava"}
    )
    assert response.status_code == 302
    assert response.url == f"/fi/proposals/{public_proposal.pk}/#comment-{comment.pk}"
    saved = CommentReport.objects.get()
    assert (saved.reporter, saved.reason, saved.note) == (reader, "abuse", "Loukkaava")
    client.post(f"/fi/comments/{comment.pk}/report/", {"reason": "spam"})
    assert CommentReport.objects.count() == 1
    with pytest.raises(CommentRefused):
        report(comment, reader)


def test_the_author_and_a_visitor_cannot_report(client, public_proposal):
    author = UserFactory()
    comment = add(public_proposal, author)
    with pytest.raises(CommentRefused):
        report(comment, author)
    response = client.post(f"/fi/comments/{comment.pk}/report/", {"reason": "spam"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not CommentReport.objects.exists()
    client.force_login(author)
    page = client.get(page_of(public_proposal)).content.decode()
    assert f"/comments/{comment.pk}/report/" not in page  # no Report on one's own comment


def test_an_unknown_reason_is_refused(public_proposal):
    with pytest.raises(CommentRefused):
        report(add(public_proposal), reason="boring")


def test_the_visitors_page_has_no_report_form(client, public_proposal):
    add(public_proposal)
    page = client.get(page_of(public_proposal)).content.decode()
    assert "/report/" not in page and 'name="reason"' not in page
    assert "csrfmiddlewaretoken" not in page


def test_enough_readers_hold_the_comment_and_the_page_shows_the_placeholder(
    settings, client, public_proposal
):
    settings.COMMENT_REPORTS_TO_HIDE = 2
    comment = add(public_proposal, body="Ostakaa halpoja kelloja")
    report(comment)
    assert Comment.objects.get().held_at is None
    report(comment)
    assert Comment.objects.get().is_held
    page = client.get(page_of(public_proposal)).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "Ostakaa halpoja kelloja" not in page and "comment__held" in page


def test_a_hold_purges_the_cached_proposal_page(settings, page_cache, client, public_proposal):
    settings.COMMENT_REPORTS_TO_HIDE = 1
    comment = add(public_proposal, body="Roskaa")
    reader = UserFactory()  # before the page is cached: a new name purges every page
    assert "Roskaa" in client.get(page_of(public_proposal)).content.decode()
    report(comment, reader)
    assert "Roskaa" not in client.get(page_of(public_proposal)).content.decode()


def test_a_coordinator_hides_with_grounds_the_author_is_told_and_the_log_has_it(
    client, coordinator, public_proposal, django_capture_on_commit_callbacks
):
    author = UserFactory()
    comment = add(public_proposal, author, body="Rumaa tekstiä")
    report(comment, reason=ReportReason.ABUSE)
    client.force_login(coordinator)
    queue = client.get("/admin/comments/moderation/").content.decode()
    assert "Rumaa tekstiä" in queue and f"/admin/comments/hide/{comment.pk}/" in queue
    mail.outbox.clear()
    response = client.post(f"/admin/comments/hide/{comment.pk}/", {"grounds": ""})
    assert response.status_code == 302 and not Comment.objects.get().is_hidden
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/comments/hide/{comment.pk}/", {"grounds": "Solvaava kieli"})
    hidden = Comment.objects.get()
    assert hidden.is_hidden and hidden.hidden_grounds == "Solvaava kieli"
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert [message.to for message in mail.outbox] == [[author.email]]
    assert "Solvaava kieli" in mail.outbox[0].body
    entry = ModelLogEntry.objects.get(action=moderation.HIDDEN)
    assert (entry.object_id, entry.user) == (str(comment.pk), coordinator)
    page = Client().get(page_of(public_proposal)).content.decode()
    assert "Solvaava kieli" in page and "Rumaa tekstiä" not in page
    assert "Rumaa tekstiä" not in client.get("/admin/comments/moderation/").content.decode()


def test_restore_shows_the_comment_again_and_resolves_the_reports(
    settings, coordinator, public_proposal, django_capture_on_commit_callbacks
):
    settings.COMMENT_REPORTS_TO_HIDE = 1
    comment = add(public_proposal, body="Ihan asiallinen")
    report(comment)
    assert Comment.objects.get().is_held
    with django_capture_on_commit_callbacks(execute=True):
        moderation.comment_restore(comment=comment, by=coordinator)
    restored = Comment.objects.get()
    assert not restored.is_held and not restored.is_hidden
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert ModelLogEntry.objects.filter(action=moderation.RESTORED).count() == 1
    assert "Ihan asiallinen" in Client().get(page_of(public_proposal)).content.decode()


def test_dismissing_resolves_the_reports_and_keeps_the_comment_shown(coordinator, public_proposal):
    comment = add(public_proposal)
    report(comment)
    moderation.reports_dismiss(comment=comment, by=coordinator)
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert ModelLogEntry.objects.filter(action=moderation.DISMISSED).count() == 1


@pytest.mark.parametrize("who", ["resident", "director"])
def test_others_are_refused_the_queue_and_the_actions(client, who, public_proposal, area_director):
    comment = add(public_proposal)
    report(comment)
    client.force_login(UserFactory() if who == "resident" else area_director)
    assert client.get("/admin/comments/moderation/").status_code in (302, 403)
    for action in ("hide", "restore", "dismiss"):
        response = client.post(f"/admin/comments/{action}/{comment.pk}/", {"grounds": "x"})
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert not response.url.startswith("/admin/comments/")  # not the queue
    assert not Comment.objects.get().is_hidden
    assert not ModelLogEntry.objects.filter(action__startswith="discussions.").exists()
    with pytest.raises(CommentRefused):
        moderation.comment_hide(comment=comment, by=area_director, grounds="x")


def test_the_data_download_lists_ones_reports_and_deletion_removes_them(public_proposal):
    comment = add(public_proposal)
    reader = UserFactory()
    moderation.comment_report(comment=comment, by=reader, reason="abuse", note="Loukkaava")
    (listed,) = personal_data(reader)["comment_reports"]
    assert (listed["comment"], listed["reason"], listed["details"]) == (
        comment.pk,
        "abuse",
        "Loukkaava",
    )
    user_delete_account(user=reader, by=reader)
    assert not CommentReport.objects.exists()


def test_a_coordinator_stops_an_author_from_commenting(
    client, coordinator, public_proposal, django_capture_on_commit_callbacks
):
    author = UserFactory()
    comment = add(public_proposal, author)
    client.force_login(coordinator)
    client.post(f"/admin/comments/stop-author/{comment.pk}/", {"grounds": ""})
    assert not CommentingBan.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/comments/stop-author/{comment.pk}/", {"grounds": "Toistuva häirintä"})
    ban = CommentingBan.objects.get()
    assert (ban.user, ban.by, ban.grounds) == (author, coordinator, "Toistuva häirintä")
    assert ModelLogEntry.objects.filter(action=moderation.BANNED, user=coordinator).count() == 1
    assert [message.to for message in mail.outbox] == [[author.email]]
    assert "Toistuva häirintä" in mail.outbox[0].body
    with pytest.raises(CommentRefused) as refused:
        add(public_proposal, author, body="Uusi kommentti")
    with translation.override("en"):
        assert "stopped you from commenting" in str(refused.value.message)
    assert Comment.objects.count() == 1
    # Their page says so in place of the form, instead of refusing what they wrote.
    stopped = Client()
    stopped.force_login(author)
    page = stopped.get(page_of(public_proposal)).content.decode()
    assert 'name="body"' not in page
    assert str(refused.value.message) in page
    assert "Toistuva häirintä" in client.get("/admin/comments/moderation/").content.decode()
    assert personal_data(author)["stopped_from_commenting"][0]["grounds"] == "Toistuva häirintä"
    user_delete_account(user=author, by=author)
    assert not CommentingBan.objects.exists()


def test_a_coordinator_lifts_a_ban(client, coordinator, public_proposal):
    author = UserFactory()
    comment = add(public_proposal, author)
    ban = moderation.commenting_stop(comment=comment, by=coordinator, grounds="Häirintä")
    client.force_login(UserFactory())
    assert client.post(f"/admin/comments/allow/{ban.pk}/").status_code in (302, 403)
    assert CommentingBan.objects.exists()
    client.force_login(coordinator)
    client.post(f"/admin/comments/allow/{ban.pk}/")
    assert not CommentingBan.objects.exists()
    assert ModelLogEntry.objects.filter(action=moderation.ALLOWED).count() == 1
    add(public_proposal, author, body="Taas mukana")
