"""Reporting a public proposal: any signed-in reader outside its team reports it once; enough
readers hold it (it leaves the list, its page says so); a coordinator hides its text with
grounds (the page shows them, the team is told, the audit log has it), restores it or dismisses
the reports; nobody else reaches the actions; the reporter's data download and deletion cover
the reports."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from accounts.factories import UserFactory
from discussions import moderation
from discussions.errors import CommentRefused
from discussions.models import ProposalReport, ReportReason
from pilots.models import Pilot
from privacy.personal_data import personal_data
from privacy.services import user_delete_account

pytestmark = pytest.mark.django_db

TITLE = "Kalliota kukkimaan"


@pytest.fixture
def titled(public_proposal):
    Pilot.objects.filter(pk=public_proposal.pk).update(title=TITLE, summary="Kukkia kaduille")
    public_proposal.refresh_from_db()
    return public_proposal


def page_of(pilot) -> str:
    return f"/fi/proposals/{pilot.pk}/"


def report(pilot, by=None, reason=ReportReason.SPAM):
    return moderation.proposal_report(pilot=pilot, by=by or UserFactory(), reason=reason)


def test_a_signed_in_reader_reports_a_proposal_once_with_a_reason(client, titled):
    reader = UserFactory()
    client.force_login(reader)
    page = client.get(page_of(titled)).content.decode()
    assert f'action="/fi/proposals/{titled.pk}/report/"' in page
    response = client.post(
        f"/fi/proposals/{titled.pk}/report/", {"reason": "personal_data", "note": "Nimi näkyy"}
    )
    assert (response.status_code, response.url) == (302, page_of(titled))
    saved = ProposalReport.objects.get()
    assert (saved.pilot, saved.reporter, saved.reason, saved.note) == (
        titled,
        reader,
        "personal_data",
        "Nimi näkyy",
    )
    client.post(f"/fi/proposals/{titled.pk}/report/", {"reason": "spam"})
    assert ProposalReport.objects.count() == 1
    with pytest.raises(CommentRefused):
        report(titled, reader)


def test_the_team_a_visitor_and_an_unknown_reason_are_refused(client, titled):
    with pytest.raises(CommentRefused):
        report(titled, titled.proposer)
    with pytest.raises(CommentRefused):
        report(titled, reason="boring")
    response = client.post(f"/fi/proposals/{titled.pk}/report/", {"reason": "spam"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert 'name="reason"' not in client.get(page_of(titled)).content.decode()
    client.force_login(titled.proposer)
    assert f"/proposals/{titled.pk}/report/" not in client.get(page_of(titled)).content.decode()
    assert not ProposalReport.objects.exists()


def test_a_proposal_that_is_not_public_cannot_be_reported(client, submitted):
    with pytest.raises(CommentRefused):
        report(submitted)
    client.force_login(UserFactory())
    response = client.post(f"/fi/proposals/{submitted.pk}/report/", {"reason": "spam"})
    assert response.url == "/fi/proposals/"
    assert not ProposalReport.objects.exists()


def test_enough_readers_hold_it_out_of_the_list_and_its_page_says_so(settings, client, titled):
    settings.PROPOSAL_REPORTS_TO_HIDE = 2
    report(titled)
    assert TITLE in client.get("/fi/proposals/").content.decode()
    report(titled)
    assert Pilot.objects.get(pk=titled.pk).is_proposal_held
    assert TITLE not in client.get("/fi/proposals/").content.decode()
    page = client.get(page_of(titled))
    assert page.status_code == 200
    text = page.content.decode()
    assert TITLE not in text and "Kukkia kaduille" not in text
    assert 'id="moderator-note"' in text
    assert f"/proposals/{titled.pk}/" not in client.get("/sitemap.xml").content.decode()


def test_a_hold_purges_the_cached_list_and_page(settings, page_cache, client, titled):
    settings.PROPOSAL_REPORTS_TO_HIDE = 1
    reader = UserFactory()  # before the pages are cached: a new name purges every page
    assert TITLE in client.get(page_of(titled)).content.decode()
    assert TITLE in client.get("/fi/proposals/").content.decode()
    report(titled, reader)
    assert TITLE not in client.get(page_of(titled)).content.decode()
    assert TITLE not in client.get("/fi/proposals/").content.decode()


def test_a_coordinator_hides_the_text_with_grounds_the_team_is_told_and_the_log_has_it(
    client, coordinator, titled, django_capture_on_commit_callbacks
):
    report(titled, reason=ReportReason.PERSONAL_DATA)
    client.force_login(coordinator)
    queue = client.get("/admin/comments/moderation/").content.decode()
    assert TITLE in queue and f"/admin/comments/proposals/hide/{titled.pk}/" in queue
    mail.outbox.clear()
    client.post(f"/admin/comments/proposals/hide/{titled.pk}/", {"grounds": " "})
    assert not Pilot.objects.get(pk=titled.pk).is_proposal_hidden
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/comments/proposals/hide/{titled.pk}/", {"grounds": "Naapurin nimi tekstissä"}
        )
    hidden = Pilot.objects.get(pk=titled.pk)
    assert hidden.is_proposal_hidden and hidden.proposal_hidden_grounds == "Naapurin nimi tekstissä"
    assert hidden.status == titled.status  # only its public showing is moderated
    assert not ProposalReport.objects.filter(resolved_at__isnull=True).exists()
    assert [message.to for message in mail.outbox] == [[titled.proposer.email]]
    assert "Naapurin nimi tekstissä" in mail.outbox[0].body
    entry = ModelLogEntry.objects.get(action=moderation.PROPOSAL_HIDDEN)
    assert (entry.object_id, entry.user) == (str(titled.pk), coordinator)
    page = Client().get(page_of(titled)).content.decode()
    assert "Naapurin nimi tekstissä" in page and "Kukkia kaduille" not in page
    assert TITLE not in Client().get("/fi/proposals/").content.decode()
    assert TITLE not in client.get("/admin/comments/moderation/").content.decode()
    reader = Client()
    reader.force_login(UserFactory())
    assert 'id="proposal-report-reason"' not in reader.get(page_of(titled)).content.decode()


def test_restore_shows_it_again_and_dismissing_lifts_a_hold(
    settings, coordinator, titled, django_capture_on_commit_callbacks
):
    settings.PROPOSAL_REPORTS_TO_HIDE = 1
    report(titled)
    moderation.proposal_hide(pilot=titled, by=coordinator, grounds="Ei kuulu tänne")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.proposal_restore(pilot=titled, by=coordinator)
    restored = Pilot.objects.get(pk=titled.pk)
    assert not restored.is_proposal_hidden and not restored.is_proposal_held
    assert [message.to for message in mail.outbox] == [[titled.proposer.email]]
    assert TITLE in Client().get("/fi/proposals/").content.decode()
    report(titled)
    assert Pilot.objects.get(pk=titled.pk).is_proposal_held
    moderation.proposal_reports_dismiss(pilot=titled, by=coordinator)
    assert not Pilot.objects.get(pk=titled.pk).is_proposal_held
    assert not ProposalReport.objects.filter(resolved_at__isnull=True).exists()
    assert ModelLogEntry.objects.filter(action=moderation.PROPOSAL_DISMISSED).count() == 1


@pytest.mark.parametrize("who", ["resident", "director"])
def test_others_are_refused_the_actions(client, who, titled, area_director):
    report(titled)
    client.force_login(UserFactory() if who == "resident" else area_director)
    for action in ("hide", "restore", "dismiss"):
        response = client.post(f"/admin/comments/proposals/{action}/{titled.pk}/", {"grounds": "x"})
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert not response.url.startswith("/admin/comments/")
    assert not Pilot.objects.get(pk=titled.pk).is_proposal_hidden
    assert not ModelLogEntry.objects.filter(action__startswith="discussions.").exists()
    with pytest.raises(CommentRefused):
        moderation.proposal_hide(pilot=titled, by=area_director, grounds="x")


def test_the_data_download_lists_the_reports_and_deletion_removes_them(coordinator, titled):
    reader = UserFactory()
    moderation.proposal_report(pilot=titled, by=reader, reason="spam", note="Mainos")
    (listed,) = personal_data(reader)["proposal_reports"]
    assert (listed["proposal"], listed["reason"], listed["details"]) == (
        titled.pk,
        "spam",
        "Mainos",
    )
    moderation.proposal_hide(pilot=titled, by=coordinator, grounds="Mainos")
    (mine,) = personal_data(titled.proposer)["pilots"]
    assert mine["hidden_from_the_public_by_the_moderator"] == "Mainos"
    user_delete_account(user=reader, by=reader)
    assert not ProposalReport.objects.exists()
