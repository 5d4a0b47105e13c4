"""The public decision record: what a municipal grant decision shows, and never more."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from pilots import services
from pilots.decision_texts import APPEAL_INSTRUCTIONS, CONDITIONS, decision_defaults
from pilots.factories import PilotFactory
from pilots.models import Area, Decision
from tests.city import approve

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
        "500,00\xa0€",
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
    del texts["conditions"], texts["report_due"]
    services.pilot_reject(
        pilot=submitted, by=area_director, grounds="Päällekkäinen palvelu.", **texts
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


# the standard texts in the reader's language


def other_language_parts_removed(html: str, language: str) -> str:
    """The page without what is marked as written in another language (titles, grounds)."""
    return re.sub(
        rf'<(\w+)[^>]*\blang="(?!{language}")[^"]*"[^>]*>.*?</\1>', "", html, flags=re.DOTALL
    )


def standard_texts_in(language: str) -> list[str]:
    """The catalogue's standard texts and headings of a decision page in `language`."""
    with translation.override(language):
        return [str(CONDITIONS), str(APPEAL_INSTRUCTIONS)] + [
            gettext(msgid)
            for msgid in (
                "Area director",
                "Decision on a minipilot grant",
                "Result report due",
                "Contact person",
                "Request for correction",
                "Summary of the pilot",
            )
        ]


@pytest.mark.parametrize(
    ("reader", "others"), [("sv", ["fi", "en"]), ("fi", ["sv", "en"]), ("en", ["fi", "sv"])]
)
def test_a_finnish_pilots_decision_speaks_the_readers_language(
    client, approved, site_pages, reader, others
):
    decision = approved.decision
    html = client.get(f"/{reader}/decisions/{decision.pk}/").content.decode()
    for text in (
        getattr(decision, f"conditions_{reader}"),
        getattr(decision, f"appeal_instructions_{reader}"),
        f"Leena Laine, {getattr(decision, f'decider_title_{reader}')}",
        getattr(decision, f"contact_person_{reader}"),
    ):
        assert text in html, text
    rest = other_language_parts_removed(html, reader)
    for language in others:
        for text in standard_texts_in(language):
            assert text not in rest, (language, text)


def test_the_directors_grounds_are_marked_with_the_language_written(
    client, submitted, area_director, site_pages
):
    texts = decision_defaults(submitted, area_director)
    texts["grounds_language"] = "sv"
    services.pilot_approve(pilot=submitted, by=area_director, grounds="Bra idé.", **texts)
    html = client.get(f"/fi/decisions/{submitted.decision.pk}/").content.decode()
    assert '<p lang="sv">Bra idé.</p>' in html


def test_the_page_shows_the_texts_of_the_day(client, approved, area_director, site_pages):
    """A later change of the director's title or of the catalogue leaves the record as it was."""
    area_director.job_title_sv = "Stadsdelsdirektör"
    area_director.save()
    html = client.get(f"/sv/decisions/{approved.decision.pk}/").content.decode()
    assert "Leena Laine, Områdesdirektör" in html
    assert "Stadsdelsdirektör" not in html


def test_no_demo_decision_page_shows_another_languages_standard_texts(client, demo_city, db):
    decisions = list(Decision.objects.select_related("pilot"))
    assert {decision.pilot.language for decision in decisions} >= {"fi", "sv"}
    for decision in decisions:
        for reader, other in (("sv", "fi"), ("fi", "sv")):
            response = client.get(f"/{reader}/decisions/{decision.pk}/")
            assert response.status_code == 200
            rest = other_language_parts_removed(response.content.decode(), reader)
            for text in standard_texts_in(other):
                assert text not in rest, (decision.pk, decision.pilot.language, reader, text)
            assert getattr(decision, f"appeal_instructions_{reader}") in rest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_keeps_the_old_copy_in_the_pilots_language_and_fills_the_others():
    """Decisions made before the texts were kept per language, and the staff's one job title."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("pilots", "0005_coordinators_edit_stories"), ("accounts", "0003_user_job_title")]
    after = [
        ("pilots", "0006_decision_texts_in_every_language"),
        ("accounts", "0004_job_title_per_language"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    User = apps.get_model("accounts", "User")
    director = User.objects.create(
        username="stig", email="stig@example.org", language="sv", job_title="Områdesdirektör"
    )
    Call = apps.get_model("pilots", "Call")
    call = Call.objects.create(title_fi="Haku", title_sv="Omgång", opens_on="2026-01-01")
    area = apps.get_model("pilots", "Area").objects.create(
        slug="vanda", name_fi="Vantaa", name_sv="Vanda"
    )
    pilot = apps.get_model("pilots", "Pilot").objects.create(
        call=call, area=area, proposer=director, title="Cykelverkstad", language="sv"
    )
    apps.get_model("pilots", "Decision").objects.create(
        pilot=pilot,
        outcome="approved",
        decider=director,
        decider_name="Stig Berg",
        decider_title="Områdesdirektör",
        decided_on="2026-03-02",
        amount=500,
        grounds="Bra idé.",
        conditions="Bidraget används för det sökta ändamålet.",
        contact_person="Stig Berg, Områdesdirektör",
        appeal_instructions="Omprövning inom 14 dagar.",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    migrated = apps.get_model("pilots", "Decision").objects.get()
    assert migrated.grounds_language == "sv"
    assert migrated.conditions_sv == "Bidraget används för det sökta ändamålet."
    assert migrated.appeal_instructions_sv == "Omprövning inom 14 dagar."
    assert (migrated.decider_title_sv, migrated.decider_title_fi) == (
        "Områdesdirektör",
        "Aluejohtaja",
    )
    assert migrated.contact_person_fi == "Stig Berg, Aluejohtaja"
    assert migrated.contact_person_en == "Stig Berg, Area director"
    with translation.override("fi"):
        assert migrated.conditions_fi == str(CONDITIONS)
        assert migrated.appeal_instructions_fi == str(APPEAL_INSTRUCTIONS)
    with translation.override("en"):
        assert migrated.conditions_en == str(CONDITIONS)
    staff = apps.get_model("accounts", "User").objects.get()
    assert (staff.job_title_sv, staff.job_title_fi) == ("Områdesdirektör", "")
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
