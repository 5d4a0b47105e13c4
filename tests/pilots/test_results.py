"""Result reports: the residents' draft, its checks, submission, and the coordinator's answer."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.factories import UserFactory
from pilots import services
from pilots.errors import Incomplete, NotAllowed, WrongState
from pilots.forms import ResultPhotoForm
from pilots.models import PilotStatus, ResultPhoto, ResultReport
from tests.city import photo_upload, write_report


def test_the_proposer_saves_a_draft_report_of_a_funded_pilot(funded):
    report = write_report(funded)
    assert report.pilot == funded
    assert report.spent_total() == Decimal("320.00")
    funded.refresh_from_db()
    assert funded.status == PilotStatus.FUNDED  # a draft changes no status


def test_only_a_funded_pilot_can_be_reported(approved):
    with pytest.raises(WrongState):
        write_report(approved)
    assert not ResultReport.objects.exists()


def test_someone_else_cannot_write_the_report(funded):
    with pytest.raises(NotAllowed):
        services.report_save_draft(
            pilot=funded, by=UserFactory(), values={"lessons": "x"}, spending_lines=[]
        )
    assert not ResultReport.objects.exists()


def test_money_used_cannot_exceed_the_grant(funded):
    with pytest.raises(ValidationError, match="500.01"):
        services.report_save_draft(
            pilot=funded,
            by=funded.proposer,
            values={},
            spending_lines=[("Lautaa", Decimal("400")), ("Maalia", Decimal("100.01"))],
        )
    assert not ResultReport.objects.exists()


def test_a_photo_needs_a_description():
    form = ResultPhotoForm(data={"alt_text": "  "}, files={"image": photo_upload()})
    assert not form.is_valid()
    assert "alt_text" in form.errors


def test_the_database_refuses_a_photo_without_alt_text(funded):
    report = write_report(funded)
    with pytest.raises(IntegrityError):
        ResultPhoto.objects.create(report=report, image="x.jpg", alt_text="")


def test_at_most_ten_photos(funded):
    report = write_report(funded)
    photos = [(photo_upload(f"{n}.jpg"), f"Kuva {n}") for n in range(10)]
    services.report_save_draft(
        pilot=funded, by=funded.proposer, values={}, spending_lines=[], new_photos=photos
    )
    assert report.photos.count() == 10
    with pytest.raises(ValidationError, match=" 10 "):
        services.report_save_draft(
            pilot=funded,
            by=funded.proposer,
            values={},
            spending_lines=[],
            new_photos=[(photo_upload(), "Yksi liikaa")],
        )
    assert report.photos.count() == 10


def test_submitting_an_incomplete_report_lists_what_is_missing(funded):
    write_report(funded, lessons="", outcome="")
    with pytest.raises(Incomplete) as refused:
        services.report_submit(pilot=funded, by=funded.proposer)
    assert {field for field, _problem in refused.value.problems} == {"lessons", "outcome"}
    funded.refresh_from_db()
    assert funded.status == PilotStatus.FUNDED


def test_submitting_the_report_tells_the_coordinators(
    funded, coordinator, django_capture_on_commit_callbacks
):
    write_report(funded)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(pilot=funded, by=funded.proposer)
    funded.refresh_from_db()
    assert funded.status == PilotStatus.REPORTED
    assert funded.report.submitted_at is not None
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    with pytest.raises(WrongState):
        write_report(funded)  # submitted: no longer the residents' draft


def test_a_coordinator_returns_the_report_with_grounds(
    reported, coordinator, area_director, django_capture_on_commit_callbacks
):
    with pytest.raises(NotAllowed):
        services.report_return(pilot=reported, by=area_director, grounds="Lisää kuvia.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(pilot=reported, by=coordinator, grounds="Lisää kuvia.")
    reported.refresh_from_db()
    assert reported.status == PilotStatus.FUNDED
    assert mail.outbox[0].to == [reported.proposer.email]
    assert "Lisää kuvia." in mail.outbox[0].body


def test_reminders_before_the_due_date_once_a_week(funded, django_capture_on_commit_callbacks):
    due = funded.decision.report_due
    assert services.report_send_reminders(today=due - datetime.timedelta(days=30)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_send_reminders(today=due - datetime.timedelta(days=10)) == 1
    assert mail.outbox[0].to == [funded.proposer.email]
    assert services.report_send_reminders(today=due - datetime.timedelta(days=8)) == 0
    assert services.report_send_reminders(today=due - datetime.timedelta(days=2)) == 1


def report_post(**overrides):
    data = {
        "what_was_done": "Rakensimme kaapin.",
        "what_happened": "Sata lainaa.",
        "lessons": "Katto tarvitaan.",
        "outcome": "partly",
        "would_recommend": "yes",
        "spending-TOTAL_FORMS": "2",
        "spending-INITIAL_FORMS": "0",
        "spending-0-description": "Lautaa",
        "spending-0-amount": "300",
        "spending-1-description": "",
        "spending-1-amount": "",
        "photos-TOTAL_FORMS": "2",
        "photos-INITIAL_FORMS": "0",
        "photos-0-alt_text": "Kirjakaappi pihalla",
        "photos-1-alt_text": "",
    }
    return {**data, **overrides}


def test_the_report_form_saves_text_money_and_a_clean_photo(client, funded):
    client.force_login(funded.proposer)
    response = client.post(
        f"/fi/pilots/{funded.pk}/report/",
        {**report_post(), "photos-0-image": photo_upload("koti.jpg")},
    )
    assert response.status_code == 302
    report = ResultReport.objects.get(pilot=funded)
    assert report.would_recommend is True and report.outcome == "partly"
    assert [line.amount for line in report.spending_lines.all()] == [Decimal("300.00")]
    photo = report.photos.get()
    assert photo.alt_text == "Kirjakaappi pihalla"
    assert "koti" not in photo.image.name  # stored under a random name
    response = client.post(f"/fi/pilots/{funded.pk}/report/submit/")
    funded.refresh_from_db()
    assert funded.status == PilotStatus.REPORTED


def test_the_report_form_keeps_the_text_when_a_photo_lacks_its_description(client, funded):
    client.force_login(funded.proposer)
    response = client.post(
        f"/fi/pilots/{funded.pk}/report/",
        {**report_post(**{"photos-0-alt_text": ""}), "photos-0-image": photo_upload()},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert "Rakensimme kaapin." in response.content.decode()
    assert not ResultReport.objects.exists()


def test_the_report_form_refuses_spending_over_the_grant(client, funded):
    client.force_login(funded.proposer)
    response = client.post(
        f"/fi/pilots/{funded.pk}/report/", report_post(**{"spending-0-amount": "600"})
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not ResultReport.objects.exists()


def test_another_resident_cannot_open_the_report_form(client, funded):
    client.force_login(UserFactory())
    assert client.get(f"/fi/pilots/{funded.pk}/report/").status_code == 404
