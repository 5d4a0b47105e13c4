"""Bank transfers: the resident's IBAN, finance's pain.001.001.03 file, the bank's answer."""

from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core import mail
from django.utils.timezone import localtime

from grants import sepa
from grants.errors import PaymentRefused
from grants.models import BankDetails, GrantStatus, PaymentStatus, SepaBatch
from pilots.models import PilotStatus

pytestmark = pytest.mark.django_db

SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
IBAN = "FI21 1234 5600 0007 85"


@pytest.fixture
def sepa_grant(approved, proposer):
    return sepa.grant_set_bank_details(
        grant=approved.grant, by=proposer, holder="Aino Asukas", iban=IBAN
    )


def test_resident_gives_bank_details_and_the_bic_is_derived(client, approved, proposer, site_pages):
    client.force_login(proposer)
    response = client.post(
        f"/fi/pilots/{approved.pk}/payout/bank/", {"holder": "Aino Asukas", "iban": IBAN}
    )
    assert response.status_code == 302
    details = BankDetails.objects.get(grant=approved.grant)
    assert (details.iban, details.bic) == ("FI2112345600000785", "NDEAFIHH")
    approved.grant.refresh_from_db()
    assert (approved.grant.status, approved.grant.method) == (GrantStatus.READY, "sepa")
    page = client.get(f"/fi/pilots/{approved.pk}/").content.decode()
    assert "FI21 **** 0785" in page
    assert "FI2112345600000785" not in page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Tämä ei ole kelvollinen IBAN"),
        ("sv", "Detta är inte ett giltigt IBAN"),
        ("en", "This is not a valid IBAN"),
    ],
)
def test_invalid_iban_is_refused_with_a_clear_message(
    client, approved, proposer, site_pages, language, message
):
    client.force_login(proposer)
    response = client.post(
        f"/{language}/pilots/{approved.pk}/payout/bank/",
        {"holder": "Aino", "iban": "FI21 1234 5600 0007 86"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not BankDetails.objects.exists()


def test_a_file_that_breaks_the_schema_is_refused_and_nothing_is_claimed(
    sepa_grant, finance_officer, settings
):
    settings.SEPA_DEBTOR_BIC = "NOT A BIC"  # the schema's BIC pattern refuses it
    with pytest.raises(PaymentRefused, match="muototarkistusta"):  # in Finnish, the default
        sepa.sepa_batch_export(by=finance_officer)
    assert not SepaBatch.objects.exists()
    sepa_grant.refresh_from_db()
    assert sepa_grant.status == GrantStatus.READY
    assert not sepa_grant.payments.exists()


def test_exported_file_validates_against_the_pain_001_001_03_schema(sepa_grant, finance_officer):
    batch = sepa.sepa_batch_export(by=finance_officer)
    xmlschema.XMLSchema(SCHEMA).validate(batch.xml)
    payment = batch.payments.get()
    assert f"<EndToEndId>{payment.idempotency_key}</EndToEndId>" in batch.xml
    assert "FI2112345600000785" in batch.xml
    assert sepa_grant.pilot.title[:20] in batch.xml
    assert '<InstdAmt Ccy="EUR">500.00</InstdAmt>' in batch.xml
    sepa_grant.refresh_from_db()
    assert sepa_grant.status == GrantStatus.SUBMITTING
    with pytest.raises(PaymentRefused):
        sepa.sepa_batch_export(by=finance_officer)  # the grant is in a file already
    assert SepaBatch.objects.count() == 1


def test_marking_the_batch_paid_funds_its_pilots(sepa_grant, finance_officer):
    batch = sepa.sepa_batch_export(by=finance_officer)
    sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)
    sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)  # twice changes nothing
    sepa_grant.refresh_from_db()
    assert sepa_grant.status == GrantStatus.PAID
    assert sepa_grant.pilot.status == PilotStatus.FUNDED
    assert sepa_grant.pilot.transitions.filter(action="fund").count() == 1


def test_a_returned_payment_asks_the_resident_for_new_details(
    sepa_grant, finance_officer, proposer, django_capture_on_commit_callbacks
):
    proposer.language = "sv"
    proposer.save()
    batch = sepa.sepa_batch_export(by=finance_officer)
    payment = batch.payments.get()
    with django_capture_on_commit_callbacks(execute=True):
        sepa.sepa_payment_mark_failed(payment=payment, by=finance_officer, reason="Account closed")
    (message,) = [m for m in mail.outbox if m.to == [proposer.email]]
    assert "banken" in message.subject
    assert f"/sv/pilots/{sepa_grant.pilot_id}/payout/bank/" in message.body
    sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)
    sepa_grant.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert sepa_grant.status == GrantStatus.AWAITING_DETAILS
    assert not BankDetails.objects.filter(grant=sepa_grant).exists()
    assert sepa_grant.pilot.status == PilotStatus.APPROVED


def test_only_finance_exports(sepa_grant, area_director, proposer):
    for user in (area_director, proposer):
        with pytest.raises(PaymentRefused):
            sepa.sepa_batch_export(by=user)
    assert not SepaBatch.objects.exists()


def test_finance_exports_downloads_and_marks_paid_in_the_admin(
    client, sepa_grant, finance_officer, area_director
):
    client.force_login(finance_officer)
    assert "FI21 **** 0785" in client.get("/admin/sepa-batches/new/").content.decode()
    client.post("/admin/sepa-batches/new/")
    batch = SepaBatch.objects.get()
    download = client.get(f"/admin/sepa-batches/download/{batch.pk}/")
    assert download["Content-Type"] == "application/xml"
    xmlschema.XMLSchema(SCHEMA).validate(download.content.decode())
    client.post(f"/admin/sepa-batches/paid/{batch.pk}/")
    sepa_grant.refresh_from_db()
    assert sepa_grant.status == GrantStatus.PAID

    client.force_login(area_director)
    assert client.get(f"/admin/sepa-batches/download/{batch.pk}/").status_code in (302, 403)


def test_finance_sees_totals_per_area_and_call_and_exports_csv(
    client, sepa_grant, finance_officer, area_director
):
    batch = sepa.sepa_batch_export(by=finance_officer)
    sepa.sepa_batch_mark_paid(batch=batch, by=finance_officer)
    client.force_login(finance_officer)
    response = client.get("/admin/grants/totals/")
    (row,) = response.context["rows"]
    assert (row["grants"], row["granted"], row["paid"]) == (1, Decimal("500.00"), Decimal("500.00"))
    assert row["pilot__area__name_fi"] == "Kallio"
    export = client.get("/admin/grants/?export=csv")
    csv = b"".join(export.streaming_content).decode()
    assert sepa_grant.pilot.title in csv
    assert "FI21" not in csv  # bank details stay out of exports
    client.force_login(area_director)
    assert client.get("/admin/grants/totals/").status_code in (302, 403)


def test_marking_a_file_paid_asks_first_and_records_who_confirmed_and_when(
    client, sepa_grant, finance_officer
):
    finance_officer.first_name, finance_officer.last_name = "Tuomas", "Talous"
    finance_officer.save()
    batch = sepa.sepa_batch_export(by=finance_officer)
    client.force_login(finance_officer)
    inspect = client.get(f"/admin/sepa-batches/inspect/{batch.pk}/").content.decode()
    assert f'href="/admin/sepa-batches/paid/{batch.pk}/"' in inspect
    assert f'action="/admin/sepa-batches/paid/{batch.pk}/"' not in inspect  # no one-click form

    confirm = client.get(f"/admin/sepa-batches/paid/{batch.pk}/")
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert f'action="/admin/sepa-batches/paid/{batch.pk}/"' in html
    assert 'method="post"' in html
    assert sepa_grant.pilot.title in html
    assert "500,00\xa0€" in html
    batch.refresh_from_db()
    assert (batch.status, batch.paid_at, batch.paid_by) == ("exported", None, None)

    client.post(f"/admin/sepa-batches/paid/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == "paid"
    assert batch.paid_by == finance_officer
    assert batch.paid_at is not None
    page = client.get(f"/admin/sepa-batches/inspect/{batch.pk}/").content.decode()
    assert "Tuomas Talous" in page
    assert localtime(batch.paid_at).strftime("%-d.%-m.%Y %H:%M") in page
    assert f'href="/admin/sepa-batches/paid/{batch.pk}/"' not in page
    # Confirmed already: the page does not ask again.
    assert client.get(f"/admin/sepa-batches/paid/{batch.pk}/").status_code == 302


def test_only_finance_may_confirm_a_file_paid(client, sepa_grant, finance_officer, area_director):
    batch = sepa.sepa_batch_export(by=finance_officer)
    client.force_login(area_director)
    assert client.get(f"/admin/sepa-batches/paid/{batch.pk}/").status_code in (302, 403)
    client.post(f"/admin/sepa-batches/paid/{batch.pk}/")
    batch.refresh_from_db()
    assert (batch.status, batch.paid_by) == ("exported", None)
    sepa_grant.refresh_from_db()
    assert sepa_grant.status == GrantStatus.SUBMITTING
