"""The public decision record: what a municipal grant decision shows, and never more."""

import pytest

from pilots import services
from pilots.decision_texts import decision_defaults
from pilots.factories import PilotFactory
from pilots.models import Area
from tests.conftest import approve

pytestmark = pytest.mark.django_db


def test_decision_page_shows_the_legal_content(client, approved, site_pages):
    decision = approved.decision
    response = client.get(f"/fi/decisions/{decision.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        approved.title,
        "Kallio",
        "Leena Laine, Aluejohtaja",
        decision.decided_on.strftime("%-d.%-m.%Y"),
        "500,00 €",
        "Hyvä idea.",
        decision.conditions[:40],
        decision.appeal_instructions[:40],
    ):
        assert text in html, text


def test_decision_page_never_shows_contact_data(client, approved, proposer, site_pages):
    proposer.email = "aino.asukas.private@example.org"
    proposer.save()
    for language in ("fi", "sv", "en"):
        html = client.get(f"/{language}/decisions/{approved.decision.pk}/").content.decode()
        assert "@" not in html  # no email address of anyone
        assert proposer.get_full_name() not in html  # no consent given


def test_proposers_name_is_shown_only_with_consent(client, approved, proposer, site_pages):
    approved.publish_name = True
    approved.save()
    html = client.get(f"/en/decisions/{approved.decision.pk}/").content.decode()
    assert "Aino Asukas" in html
    assert proposer.email not in html


def test_decision_list_filters_by_area_and_call(
    client, approved, budget, proposer, other_director, site_pages
):
    malmi = Area.objects.get(slug="malmi")
    other = services.pilot_submit(
        pilot=PilotFactory(call=budget.call, area=malmi, proposer=proposer, title="Malmin kokeilu"),
        by=proposer,
    )
    approve(other, other_director)
    html = client.get("/fi/decisions/").content.decode()
    assert approved.title in html and "Malmin kokeilu" in html
    html = client.get(f"/fi/decisions/?area={malmi.pk}").content.decode()
    assert "Malmin kokeilu" in html and approved.title not in html
    html = client.get(
        f"/fi/decisions/?call={budget.call.pk}&area={budget.area.pk}"
    ).content.decode()
    assert approved.title in html and "Malmin kokeilu" not in html


def test_rejections_are_public_too_and_drafts_are_not(
    client, submitted, draft, area_director, budget, proposer, site_pages
):
    texts = decision_defaults(submitted, area_director)
    services.pilot_reject(
        pilot=submitted,
        by=area_director,
        grounds="Päällekkäinen palvelu.",
        contact_person=texts["contact_person"],
        appeal_instructions=texts["appeal_instructions"],
    )
    unsent = PilotFactory(
        call=budget.call, area=budget.area, proposer=proposer, title="Vielä luonnos"
    )
    html = client.get("/en/decisions/").content.decode()
    assert submitted.title in html
    assert unsent.title not in html


def test_decision_list_runs_a_constant_number_of_queries(
    client, budget, proposer, area_director, site_pages, django_assert_max_num_queries
):
    budget.grants = 30
    budget.save()

    def decide(count):
        for _ in range(count):
            pilot = services.pilot_submit(
                pilot=PilotFactory(call=budget.call, area=budget.area, proposer=proposer),
                by=proposer,
            )
            approve(pilot, area_director)

    decide(2)
    client.get("/fi/decisions/")
    with django_assert_max_num_queries(20) as few:
        client.get("/fi/decisions/")
    decide(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/fi/decisions/").content.decode()
    assert html.count("/fi/decisions/") >= 17


def test_text_in_the_pilots_language_is_marked_for_screen_readers(client, approved, site_pages):
    html = client.get(f"/sv/decisions/{approved.decision.pk}/").content.decode()
    assert '<html lang="sv">' in html
    assert f'<dd lang="fi">{approved.title}</dd>' in html
    assert '<p lang="fi">Hyvä idea.</p>' in html


def test_cancelled_approval_is_shown_as_cancelled(client, approved, area_director, site_pages):
    services.pilot_cancel(pilot=approved, by=area_director, grounds="Asukkaat luopuivat.")
    html = client.get(f"/en/decisions/{approved.decision.pk}/").content.decode()
    assert "The approval was cancelled on" in html
    assert "Asukkaat luopuivat." in html


def test_withdrawing_consent_removes_the_name_from_the_decision_page(
    client, approved, proposer, site_pages
):
    approved.publish_name = True
    approved.save()
    client.force_login(proposer)
    client.post(f"/en/pilots/{approved.pk}/name-consent/", {"publish_name": "0"})
    client.logout()
    html = client.get(f"/en/decisions/{approved.decision.pk}/").content.decode()
    assert proposer.get_full_name() not in html
