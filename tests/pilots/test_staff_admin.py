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


def test_the_area_filter_offers_a_director_their_own_areas_and_a_coordinator_all(
    client, area_director, coordinator, submitted, malmi_pilot
):
    kallio, malmi = submitted.area, malmi_pilot.area
    client.force_login(area_director)
    offered = client.get("/admin/proposals/").context["filters"].form.fields["area"].queryset
    assert list(offered) == [kallio]
    filtered = client.get(f"/admin/proposals/?area={kallio.pk}").content.decode()
    assert f'href="/admin/proposals/inspect/{submitted.pk}/"' in filtered
    client.force_login(coordinator)
    offered = client.get("/admin/proposals/").context["filters"].form.fields["area"].queryset
    assert set(offered) == {kallio, malmi}
    html = client.get(f"/admin/proposals/?area={malmi.pk}").content.decode()
    assert "Malmin kokeilu" in html and submitted.title not in html


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


def decision_post(**values):
    """A complete approval as the director sends it, each standard text in three languages."""
    data = {
        "grounds": "Hyvä ja edullinen idea.",
        "grounds_language": "fi",
        "report_due": "2027-03-31",
    }
    texts = {
        "conditions": ("Käytä avustus ilmoitettuun tarkoitukseen.", "Använd bidraget.", "Use it."),
        "decider_title": ("Aluejohtaja", "Områdesdirektör", "Area director"),
        "contact_person": ("Leena Laine, Aluejohtaja", "Leena Laine, områdesdirektör", "Leena"),
        "appeal_instructions": ("Oikaisuvaatimus 14 päivässä.", "Omprövning inom 14 dagar.", "14"),
    }
    for name, (fi, sv, en) in texts.items():
        data.update({f"{name}_fi": fi, f"{name}_sv": sv, f"{name}_en": en})
    return {**data, **values}


def test_director_approves_in_the_admin_with_prefilled_texts(client, area_director, submitted):
    client.force_login(area_director)
    form = client.get(f"/admin/proposals/decide/{submitted.pk}/approve/").content.decode()
    assert "14 päivän" in form  # appeal instructions pre-filled in Finnish …
    assert "14 dagar" in form  # … and in Swedish
    assert "Leena Laine, Aluejohtaja" in form
    assert "Leena Laine, Områdesdirektör" in form
    response = client.post(f"/admin/proposals/decide/{submitted.pk}/approve/", decision_post())
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.APPROVED
    decision = submitted.decision
    assert decision.grounds == "Hyvä ja edullinen idea."
    assert (decision.decider_title_fi, decision.decider_title_sv) == (
        "Aluejohtaja",
        "Områdesdirektör",
    )
    assert decision.appeal_instructions_sv == "Omprövning inom 14 dagar."


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
    response = client.post(f"/admin/proposals/decide/{pilot.pk}/approve/", decision_post())
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


# another area's proposal


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/proposals/inspect/{pk}/"),
        ("get", "/admin/proposals/decide/{pk}/approve/"),
        ("post", "/admin/proposals/decide/{pk}/reject/"),
        ("get", "/admin/proposals/decide/{pk}/request_changes/"),
        ("post", "/admin/proposals/story/{pk}/"),
    ],
)
def test_another_areas_proposal_is_not_found(client, other_director, submitted, method, path):
    """The answer is the site's 404, the same as for a proposal that does not exist."""
    client.force_login(other_director)
    foreign = getattr(client, method)(path.format(pk=submitted.pk), follow=True)
    missing = getattr(client, method)(path.format(pk=999999), follow=True)
    assert foreign.status_code == missing.status_code == 404
    assert "404.html" in [template.name for template in foreign.templates]
    assert submitted.title not in foreign.content.decode()
    foreign_page = foreign.content.decode().replace(path.format(pk=submitted.pk), "")
    assert foreign_page == missing.content.decode().replace(path.format(pk=999999), "")
    submitted.refresh_from_db()
    assert submitted.status == PilotStatus.SUBMITTED


# the area's budget


@pytest.fixture
def budget_used(budget, submitted, area_director, proposer):
    """The area's only grant went to another pilot: `submitted` cannot be approved."""
    from pilots import services
    from tests.city import approve

    budget.grants = 1
    budget.save()
    other = PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
    approve(services.pilot_submit(pilot=other, by=proposer), area_director)
    return submitted


def budget_reason(language="fi"):
    from django.utils import translation

    from pilots.errors import BudgetExhausted

    with translation.override(language):
        return str(BudgetExhausted.default_message)


def test_approve_is_disabled_with_the_reason_once_the_budget_is_used(
    client, area_director, budget_used
):
    client.force_login(area_director)
    html = client.get(f"/admin/proposals/inspect/{budget_used.pk}/").content.decode()
    assert f"/admin/proposals/decide/{budget_used.pk}/approve/" not in html
    assert re.search(
        r'<button type="button" class="button" disabled aria-describedby="refusal-approve">', html
    )
    assert budget_reason() in html
    # Rejecting and asking for changes are still offered.
    assert f"/admin/proposals/decide/{budget_used.pk}/reject/" in html
    form = client.get(f"/admin/proposals/decide/{budget_used.pk}/approve/").content.decode()
    assert budget_reason() in form
    assert 'disabled aria-describedby="decide-refusal"' in form


def test_approve_is_offered_while_the_budget_lasts(client, area_director, submitted):
    client.force_login(area_director)
    html = client.get(f"/admin/proposals/inspect/{submitted.pk}/").content.decode()
    assert f'href="/admin/proposals/decide/{submitted.pk}/approve/"' in html
    assert budget_reason() not in html
    form = client.get(f"/admin/proposals/decide/{submitted.pk}/approve/").content.decode()
    assert "decide-refusal" not in form


# waiting time


def waited_since(pilot, days):
    import datetime

    from django.utils import timezone

    Pilot.objects.filter(pk=pilot.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days, hours=1)
    )


@pytest.mark.parametrize(
    ("days", "fi", "sv"),
    [(0, "alle päivän", "under en dag"), (1, "1 päivä", "1 dag"), (12, "12 päivää", "12 dagar")],
)
def test_dashboard_and_listing_show_how_long_each_proposal_has_waited(
    client, area_director, submitted, days, fi, sv
):
    from wagtail.users.models import UserProfile

    waited_since(submitted, days)
    client.force_login(area_director)
    panel = client.get("/admin/").content.decode()
    panel = panel[panel.index('id="awaiting-decision-heading"') :]
    assert f"Odottanut: {fi}" in panel
    listing = client.get("/admin/proposals/").content.decode()
    assert fi in listing
    profile = UserProfile.get_for_user(area_director)
    profile.preferred_language = "sv"
    profile.save()
    assert f"Väntat: {sv}" in client.get("/admin/").content.decode()
    assert sv in client.get(f"/admin/proposals/inspect/{submitted.pk}/").content.decode()


def test_a_decided_proposal_no_longer_shows_a_waiting_time(client, area_director, approved):
    waited_since(approved, 5)
    client.force_login(area_director)
    assert "5 päivää" not in client.get("/admin/proposals/").content.decode()


def test_dashboard_lists_the_longest_waiting_first_in_a_constant_number_of_queries(
    client, area_director, budget, proposer, django_assert_max_num_queries
):
    from pilots import services

    def add_pilots(count, days):
        for _ in range(count):
            pilot = services.pilot_submit(
                pilot=PilotFactory(call=budget.call, area=budget.area, proposer=proposer),
                by=proposer,
            )
            waited_since(pilot, days)

    add_pilots(1, 3)
    client.force_login(area_director)
    client.get("/admin/")
    with django_assert_max_num_queries(60) as few:
        client.get("/admin/")
    add_pilots(8, 1)
    add_pilots(1, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        panel = client.get("/admin/").content.decode()
    panel = panel[panel.index('id="awaiting-decision-heading"') :]
    assert panel.index("20 päivää") < panel.index("3 päivää") < panel.index("1 päivä")


# the decision in the admin


def test_admin_shows_the_decision_in_the_admins_language(client, area_director, approved):
    from wagtail.users.models import UserProfile

    client.force_login(area_director)
    decision = approved.decision
    html = client.get(f"/admin/proposals/inspect/{approved.pk}/").content.decode()
    assert decision.conditions_fi in html and decision.conditions_sv not in html
    profile = UserProfile.get_for_user(area_director)
    profile.preferred_language = "sv"
    profile.save()
    html = client.get(f"/admin/proposals/inspect/{approved.pk}/").content.decode()
    assert decision.conditions_sv in html and decision.conditions_fi not in html
    assert "Leena Laine, Områdesdirektör" in html
    assert f'<dd lang="fi">{decision.grounds}</dd>' in html


# the staff's job titles


def test_staff_job_title_is_set_in_each_language_in_the_admin(client, area_director):
    from accounts.factories import StaffFactory

    admin = StaffFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for url in ("/admin/users/new/", f"/admin/users/edit/{area_director.pk}/"):
        form = client.get(url).content.decode()
        for name in ("job_title_fi", "job_title_sv", "job_title_en"):
            assert f'name="{name}"' in form, (url, name)
    response = client.post(
        f"/admin/users/edit/{area_director.pk}/",
        {
            "username": area_director.username,
            "email": area_director.email,
            "first_name": "Leena",
            "last_name": "Laine",
            "job_title_fi": "Kaupunginosajohtaja",
            "job_title_sv": "Stadsdelsdirektör",
            "job_title_en": "District director",
            "language": "sv",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    area_director.refresh_from_db()
    assert (
        area_director.job_title_fi,
        area_director.job_title_sv,
        area_director.job_title_en,
    ) == ("Kaupunginosajohtaja", "Stadsdelsdirektör", "District director")


def test_directors_search_finds_inflected_forms_and_compound_parts_in_their_areas(
    client, area_director, budget, proposer, malmi_pilot
):
    from pilots import services

    def submitted(title, language):
        pilot = PilotFactory(
            call=budget.call, area=budget.area, proposer=proposer, title=title, language=language
        )
        return services.pilot_submit(pilot=pilot, by=proposer)

    repair = submitted("Pyöräkorjaamo pihalle", "fi")
    workshop = submitted("Cykelverkstad på gården", "sv")
    submitted("Lukupiiri kirjastossa", "fi")
    client.force_login(area_director)

    def found(query):
        html = client.get("/admin/proposals/", {"q": query}).content.decode()
        return set(map(int, re.findall(r'href="/admin/proposals/inspect/(\d+)/"', html)))

    assert found("pyörät") == {repair.pk}
    assert found("verkstaden") == {workshop.pk}
    # Another area's proposal is never found, whatever its words.
    assert found("Malmin kokeilu") == set()
