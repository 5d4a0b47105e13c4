"""The director's and coordinator's side in the Wagtail admin, scoped to their areas."""

import re

import pytest

from pilots.factories import PilotFactory
from pilots.models import Pilot, PilotStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def malmi_pilot(budget, proposer):
    """A submitted pilot in Malmi, the other director's area."""
    from pilots import services
    from pilots.models import Area

    pilot = PilotFactory(
        call=budget.call,
        area=Area.objects.get(slug="malmi"),
        proposer=proposer,
        title="Malmin kokeilu",
    )
    return services.pilot_submit(pilot=pilot, by=proposer)


def test_director_lists_only_their_areas_proposals(
    client, area_director, submitted, malmi_pilot, draft
):
    client.force_login(area_director)
    html = client.get("/admin/proposals/").content.decode()
    assert f'href="/admin/proposals/inspect/{submitted.pk}/"' in html
    assert "Malmin kokeilu" not in html


def test_drafts_stay_private_from_staff(client, coordinator, budget, proposer):
    private = PilotFactory(
        call=budget.call, area=budget.area, proposer=proposer, title="Keskeneräinen"
    )
    client.force_login(coordinator)
    assert "Keskeneräinen" not in client.get("/admin/proposals/").content.decode()
    assert client.get(f"/admin/proposals/inspect/{private.pk}/", follow=True).status_code == 404


def test_coordinator_sees_every_area(client, coordinator, submitted, malmi_pilot):
    client.force_login(coordinator)
    html = client.get("/admin/proposals/").content.decode()
    assert submitted.title in html
    assert "Malmin kokeilu" in html


def test_listing_filters_by_status(client, area_director, submitted, budget, proposer):
    from pilots import services

    other = PilotFactory(
        call=budget.call, area=budget.area, proposer=proposer, title="Toinen ehdotus"
    )
    services.pilot_submit(pilot=other, by=proposer)
    services.pilot_withdraw(pilot=other, by=proposer)
    client.force_login(area_director)
    html = client.get("/admin/proposals/?status=submitted").content.decode()
    assert submitted.title in html
    assert "Toinen ehdotus" not in html


def test_director_cannot_open_or_decide_another_areas_proposal_by_url(
    client, area_director, malmi_pilot
):
    client.force_login(area_director)
    assert client.get(f"/admin/proposals/inspect/{malmi_pilot.pk}/", follow=True).status_code == 404
    response = client.post(
        f"/admin/proposals/decide/{malmi_pilot.pk}/approve/", {"grounds": "x"}, follow=True
    )
    assert response.status_code == 404
    malmi_pilot.refresh_from_db()
    assert malmi_pilot.status == PilotStatus.SUBMITTED


def test_resident_cannot_reach_the_proposals(client, proposer, submitted):
    client.force_login(proposer)
    response = client.get(f"/admin/proposals/inspect/{submitted.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_inspect_shows_everything_and_the_remaining_budget(client, area_director, submitted):
    client.force_login(area_director)
    response = client.get(f"/admin/proposals/inspect/{submitted.pk}/")
    html = response.content.decode()
    for text in (submitted.summary, submitted.need, submitted.activities, "Tarvikkeet", "400"):
        assert text in html
    assert (response.context["grants_used"], response.context["grants_in_budget"]) == (0, 5)
    assert f"/admin/proposals/decide/{submitted.pk}/approve/" in html


def test_director_approves_in_the_admin_with_prefilled_texts(client, area_director, submitted):
    client.force_login(area_director)
    form = client.get(f"/admin/proposals/decide/{submitted.pk}/approve/").content.decode()
    assert "14" in form  # appeal instructions pre-filled
    assert "Leena Laine, Aluejohtaja" in form
    response = client.post(
        f"/admin/proposals/decide/{submitted.pk}/approve/",
        {
            "grounds": "Hyvä ja edullinen idea.",
            "conditions": "Käytä avustus ilmoitettuun tarkoitukseen.",
            "report_due": "2027-03-31",
            "decider_title": "Aluejohtaja",
            "contact_person": "Leena Laine, Aluejohtaja",
            "appeal_instructions": "Oikaisuvaatimus 14 päivän kuluessa.",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.APPROVED
    assert submitted.decision.grounds == "Hyvä ja edullinen idea."


def test_decision_without_grounds_is_refused_in_the_admin(client, area_director, submitted):
    client.force_login(area_director)
    response = client.post(
        f"/admin/proposals/decide/{submitted.pk}/request_changes/", {"grounds": ""}
    )
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.SUBMITTED


def test_budget_exhausted_is_shown_not_a_traceback(client, area_director, budget, proposer):
    from pilots import services

    budget.grants = 0
    budget.save()
    pilot = services.pilot_submit(
        pilot=PilotFactory(call=budget.call, area=budget.area, proposer=proposer), by=proposer
    )
    client.force_login(area_director)
    response = client.post(
        f"/admin/proposals/decide/{pilot.pk}/approve/",
        {
            "grounds": "x",
            "report_due": "2027-03-31",
            "decider_title": "Aluejohtaja",
            "contact_person": "Leena",
            "appeal_instructions": "14 päivää",
        },
    )
    assert response.status_code == 200
    assert (
        "no grants left" in response.content.decode() or "avustuksia" in response.content.decode()
    )
    assert Pilot.objects.get(pk=pilot.pk).status == PilotStatus.SUBMITTED


def test_dashboard_counts_what_awaits_the_directors_decision(
    client, area_director, submitted, malmi_pilot
):
    client.force_login(area_director)
    html = client.get("/admin/").content.decode()
    panel = html[html.index('id="awaiting-decision-heading"') :]
    assert re.search(r"<p>\s*1 ", panel)
    assert "/admin/proposals/?status=submitted" in panel


def test_admin_listing_runs_a_constant_number_of_queries(
    client, coordinator, budget, proposer, django_assert_max_num_queries
):
    from pilots import services

    def add_pilots(count):
        for _ in range(count):
            services.pilot_submit(
                pilot=PilotFactory(call=budget.call, area=budget.area, proposer=proposer),
                by=proposer,
            )

    add_pilots(2)
    client.force_login(coordinator)
    client.get("/admin/proposals/")
    with django_assert_max_num_queries(40) as few:
        client.get("/admin/proposals/")
    add_pilots(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/proposals/")


def test_coordinator_manages_areas_calls_and_budgets(client, coordinator, area_director):
    client.force_login(coordinator)
    for url in (
        "/admin/areas/",
        "/admin/calls/",
        "/admin/budgets/",
        "/admin/themes/",
        "/admin/calls/new/",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(area_director)
    assert client.get("/admin/calls/new/").status_code == 302


def test_approved_pilot_can_be_cancelled_in_the_admin(client, area_director, approved):
    client.force_login(area_director)
    client.post(
        f"/admin/proposals/decide/{approved.pk}/cancel/", {"grounds": "Asukkaat luopuivat."}
    )
    approved.refresh_from_db()
    assert approved.status == PilotStatus.CANCELLED


def test_unknown_action_is_not_found(client, area_director, submitted):
    client.force_login(area_director)
    assert (
        client.get(f"/admin/proposals/decide/{submitted.pk}/publish/", follow=True).status_code
        == 404
    )


def test_site_history_does_not_show_pilots_to_directors(client, other_director, submitted, draft):
    client.force_login(other_director)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert submitted.title not in html
    assert draft.title not in html


def test_superuser_reads_proposals_but_cannot_add_or_edit_them(client, submitted):
    from accounts.factories import StaffFactory

    root = StaffFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/admin/proposals/").status_code == 200
    assert client.get(f"/admin/proposals/inspect/{submitted.pk}/").status_code == 200
    assert client.get("/admin/reports/site-history/").status_code == 200


def test_decision_message_names_the_new_status(client, area_director, submitted):
    client.force_login(area_director)
    response = client.post(
        f"/admin/proposals/decide/{submitted.pk}/request_changes/",
        {"grounds": "Tarkenna."},
        follow=True,
    )
    (message,) = [str(m) for m in response.context["messages"]]
    assert "muutoksia pyydetty" in message.lower()
