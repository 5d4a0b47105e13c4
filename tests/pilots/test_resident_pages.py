"""The resident's side: proposing, editing, submitting and withdrawing on the public site."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.factories import UserFactory
from pilots.factories import PilotFactory
from pilots.models import Pilot, PilotStatus
from tests.pilots.proposal_posts import proposal

pytestmark = pytest.mark.django_db


def image_file(size=(800, 600), image_format="JPEG", name="kuva.jpg", exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    image.save(buffer, format=image_format, **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_propose_requires_login(client, budget):
    response = client.get("/fi/pilots/propose/")
    assert response.status_code == 302
    assert response.url.startswith("/fi/accounts/login/")


def test_resident_proposes_a_draft_and_submits_it(client, budget, proposer, site_pages):
    client.force_login(proposer)
    response = client.post("/fi/pilots/propose/", proposal(budget))
    pilot = Pilot.objects.get()
    assert response.url == f"/fi/pilots/{pilot.pk}/"
    assert pilot.status == PilotStatus.DRAFT
    assert pilot.proposer == proposer
    assert pilot.budget_total() == Decimal("380.50")

    page = client.get(response.url).content.decode()
    assert "Lähetä aluejohtajalle" in page
    response = client.post(f"/fi/pilots/{pilot.pk}/submit/")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.SUBMITTED
    assert "Lähetetty" in client.get(response.url).content.decode()


def test_nothing_typed_is_lost_when_a_value_is_wrong(client, budget, proposer, site_pages):
    client.force_login(proposer)
    data = proposal(budget, ends_on="2026-04-01", **{"budget-2-description": "Ilman summaa"})
    response = client.post("/fi/pilots/propose/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Pilot.objects.exists()
    assert "Kokeilu ei voi päättyä ennen kuin se alkaa." in html
    assert "Anna sekä mihin rahat käytetään että kuinka paljon." in html
    assert 'value="Pihakirjasto"' in html
    assert "Kirjakaappi pihalle.</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_ends_on_errors"' in html


def test_budget_over_the_grant_is_refused_with_a_clear_message(
    client, budget, proposer, site_pages
):
    client.force_login(proposer)
    data = proposal(budget, **{"budget-1-amount": "300"})
    html = client.post("/sv/pilots/propose/", data).content.decode()
    assert not Pilot.objects.exists()
    assert "mer än bidraget" in html


def test_incomplete_draft_is_saved_and_what_is_missing_is_listed(
    client, budget, proposer, site_pages
):
    client.force_login(proposer)
    data = proposal(
        budget,
        need="",
        **{
            "budget-0-description": "",
            "budget-0-amount": "",
            "budget-1-description": "",
            "budget-1-amount": "",
        },
    )
    response = client.post("/en/pilots/propose/", data)
    pilot = Pilot.objects.get()
    html = client.get(response.url).content.decode()
    assert "Fill in “the need it answers”." in html
    assert "Add at least one budget line." in html
    assert f"/en/pilots/{pilot.pk}/submit/" not in html
    client.post(f"/en/pilots/{pilot.pk}/submit/")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.DRAFT


def test_image_is_checked_by_content_and_saved_without_metadata(
    client, budget, proposer, site_pages, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(proposer)
    exif = Image.Exif()
    exif[0x8825] = {2: (60, 10, 0)}  # GPS latitude
    data = proposal(budget, image=image_file(exif=exif.tobytes()), image_alt="Kirjakaappi")
    client.post("/fi/pilots/propose/", data)
    pilot = Pilot.objects.get()
    assert "kuva" not in pilot.image.name  # stored under a random name, not the resident's
    with Image.open(pilot.image.path) as stored:
        assert stored.size == (800, 600)
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("kuva.jpg", b"not an image at all", content_type="image/jpeg"),
            "ei ole kuva",
        ),
        (image_file(size=(100, 100)), "100 × 100"),
        (image_file(image_format="GIF", name="kuva.gif"), "JPEG-, PNG- tai WebP-kuvaa"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    client, budget, proposer, site_pages, upload, message
):
    client.force_login(proposer)
    html = client.post(
        "/fi/pilots/propose/", proposal(budget, image=upload, image_alt="x")
    ).content.decode()
    assert not Pilot.objects.exists()
    assert message in html
    assert "valitse se uudelleen" in html


def test_oversized_upload_is_refused(client, budget, proposer, site_pages):
    client.force_login(proposer)
    big = SimpleUploadedFile("iso.jpg", b"\xff" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    html = client.post(
        "/en/pilots/propose/", proposal(budget, image=big, image_alt="x")
    ).content.decode()
    assert "too large" in html
    assert not Pilot.objects.exists()


def test_image_needs_a_description(client, budget, proposer, site_pages, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(proposer)
    html = client.post("/en/pilots/propose/", proposal(budget, image=image_file())).content.decode()
    assert "Describe the image for people who cannot see it." in html
    assert not Pilot.objects.exists()


def test_another_resident_cannot_see_or_change_a_draft(client, draft, site_pages):
    client.force_login(UserFactory())
    for url in (
        f"/fi/pilots/{draft.pk}/",
        f"/fi/pilots/{draft.pk}/edit/",
        f"/fi/pilots/{draft.pk}/withdraw/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/fi/pilots/{draft.pk}/edit/", {"title": "Kaapattu"}).status_code == 404
    assert client.post(f"/fi/pilots/{draft.pk}/submit/").status_code == 404
    draft.refresh_from_db()
    assert draft.title != "Kaapattu"
    assert draft.status == PilotStatus.DRAFT


def test_submitted_pilot_can_no_longer_be_edited(client, submitted, proposer, site_pages):
    client.force_login(proposer)
    response = client.post(f"/fi/pilots/{submitted.pk}/edit/", {"title": "Muutettu"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.title != "Muutettu"


def test_resident_edits_after_changes_requested_and_resubmits(
    client, submitted, proposer, area_director, budget, site_pages
):
    from pilots import services

    services.pilot_request_changes(pilot=submitted, by=area_director, grounds="Lisää aikataulu.")
    client.force_login(proposer)
    html = client.get(f"/fi/pilots/{submitted.pk}/").content.decode()
    assert "Lisää aikataulu." in html
    assert "Muutoksia pyydetty" in html
    response = client.post(
        f"/fi/pilots/{submitted.pk}/edit/", proposal(budget, title="Pihakirjasto, tarkennettu")
    )
    assert response.status_code == 302
    client.post(f"/fi/pilots/{submitted.pk}/submit/")
    submitted.refresh_from_db()
    assert (submitted.title, submitted.status) == (
        "Pihakirjasto, tarkennettu",
        PilotStatus.SUBMITTED,
    )


def test_resident_withdraws_after_confirming(client, submitted, proposer, site_pages):
    client.force_login(proposer)
    assert client.get(f"/fi/pilots/{submitted.pk}/withdraw/").status_code == 200
    client.post(f"/fi/pilots/{submitted.pk}/withdraw/", {"note": "Ei aikaa."})
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.WITHDRAWN


def test_my_pilots_runs_a_constant_number_of_queries(
    client, budget, proposer, site_pages, django_assert_max_num_queries
):
    client.force_login(proposer)
    PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
    client.get("/fi/pilots/")
    with django_assert_max_num_queries(10) as few:
        client.get("/fi/pilots/")
    for _ in range(15):
        PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/fi/pilots/").content.decode()
    assert html.count('class="card"') == 16


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("fi", "Nimesi näytetään nyt kokeilun yhteydessä.", "Nimeäsi ei enää näytetä"),
        ("sv", "Ditt namn visas nu med försöket.", "Ditt namn visas inte längre"),
    ],
)
def test_consent_messages_follow_the_interface_language(
    client, draft, proposer, site_pages, language, shown, hidden
):
    client.force_login(proposer)
    url = f"/{language}/pilots/{draft.pk}/name-consent/"
    page = client.post(url, {"publish_name": "1"}, follow=True).content.decode()
    assert shown in page
    assert "Your name is now shown" not in page
    page = client.post(url, {"publish_name": "0"}, follow=True).content.decode()
    assert hidden in page
    draft.refresh_from_db()
    assert draft.publish_name is False


@pytest.mark.parametrize(
    ("language", "ready", "contradiction"),
    [
        ("fi", "Maksutietosi ovat valmiit.", "kerro, miten"),
        ("sv", "Dina betalningsuppgifter är klara.", "berätta hur"),
    ],
)
def test_the_pilot_page_gives_one_message_once_the_payment_details_are_ready(
    client, approved, proposer, site_pages, language, ready, contradiction
):
    from grants import sepa

    client.force_login(proposer)
    before = client.get(f"/{language}/pilots/{approved.pk}/").content.decode()
    assert contradiction in before.lower()
    sepa.grant_set_bank_details(
        grant=approved.grant, by=proposer, holder="Aino Asukas", iban="FI2112345600000785"
    )
    page = client.get(f"/{language}/pilots/{approved.pk}/").content.decode()
    assert ready in page
    assert contradiction not in page.lower()
    assert "500,00\xa0€" in page
    assert ready in client.get(f"/{language}/pilots/").content.decode()


@pytest.mark.parametrize(
    ("language", "area_name", "confirm"),
    [
        ("fi", "Kallio", "Aloita ehdotukseni alueella Kallio"),
        ("sv", "Berghäll", "Börja mitt förslag i Berghäll"),
    ],
)
def test_adapting_with_an_area_chosen_confirms_it_instead_of_asking_again(
    client, stories, budget, proposer, language, area_name, confirm
):
    story = stories["bikes"]
    client.force_login(proposer)
    url = f"/{language}/stories/{story.pk}/adapt/"
    html = client.get(url, {"area": budget.area.pk}).content.decode()
    assert confirm in html
    assert f"<strong>{area_name}</strong>" in html
    assert '<select name="area"' not in html
    assert f'<input type="hidden" name="area" value="{budget.area.pk}">' in html
    assert f'href="{url}"' in html  # choose another area
    assert '<select name="area"' in client.get(url).content.decode()
    response = client.post(url, {"area": budget.area.pk})
    pilot = proposer.proposed_pilots.get()
    assert response.url == f"/{language}/pilots/{pilot.pk}/edit/"
    assert pilot.area == budget.area


def test_adapting_with_an_unknown_area_asks_for_it(client, stories, proposer):
    client.force_login(proposer)
    url = f"/fi/stories/{stories['bikes'].pk}/adapt/"
    for area in ("99999999999999999999", "0", "kallio"):
        html = client.get(url, {"area": area}).content.decode()
        assert '<select name="area"' in html, area
        assert "Valitse oikea vaihtoehto" in html
