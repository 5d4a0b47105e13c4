"""Proposals in the open: the proposer's choice, the public list and page, residents' supports,
and the count the director reads when deciding."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.factories import UserFactory
from pilots import services, supports
from pilots.errors import NotAllowed
from pilots.factories import PilotFactory
from pilots.models import Pilot, PilotStatus, Support
from pilots.supports import SupportRefused
from tests.city import approve
from tests.pilots.proposal_posts import proposal

pytestmark = pytest.mark.django_db


def public(pilot):
    return services.pilot_set_shown_publicly(pilot=pilot, by=pilot.proposer, publish=True)


def submitted_in(budget, proposer, **fields):
    pilot = PilotFactory(call=budget.call, area=budget.area, proposer=proposer, **fields)
    return services.pilot_submit(pilot=pilot, by=proposer)


def listed(client, **query) -> list[str]:
    response = client.get("/fi/proposals/", query)
    assert response.status_code == 200
    return [pilot.title for pilot in response.context["page"]]


# --- the proposer's choice


def test_a_proposal_is_private_unless_the_proposer_chooses_otherwise(client, budget, proposer):
    client.force_login(proposer)
    form = client.get("/fi/pilots/propose/").content.decode()
    assert 'name="shown_publicly" value="False"' in form and "checked" in form
    client.post("/fi/pilots/propose/", proposal(budget))
    assert Pilot.objects.get().shown_publicly is False


def test_the_proposer_chooses_public_in_the_form(client, budget, proposer):
    client.force_login(proposer)
    client.post("/fi/pilots/propose/", proposal(budget, shown_publicly="True"))
    assert Pilot.objects.get().shown_publicly is True


def test_the_proposer_changes_the_choice_later_with_one_click(client, submitted):
    client.force_login(submitted.proposer)
    page = client.get(f"/fi/pilots/{submitted.pk}/").content.decode()
    assert f'action="/en/pilots/{submitted.pk}/public/"' not in page
    assert f'action="/fi/pilots/{submitted.pk}/public/"' in page
    response = client.post(f"/fi/pilots/{submitted.pk}/public/", {"shown_publicly": "1"})
    submitted.refresh_from_db()
    assert submitted.shown_publicly and response.url == f"/fi/pilots/{submitted.pk}/"
    client.post(f"/fi/pilots/{submitted.pk}/public/", {"shown_publicly": "0"})
    submitted.refresh_from_db()
    assert not submitted.shown_publicly


def test_only_the_proposer_changes_the_choice(submitted):
    co_proposer = UserFactory()
    submitted.co_proposers.add(co_proposer)
    with pytest.raises(NotAllowed):
        services.pilot_set_shown_publicly(pilot=submitted, by=co_proposer, publish=True)
    submitted.refresh_from_db()
    assert not submitted.shown_publicly


# --- what the public sees


def test_the_list_shows_public_proposals_only_never_drafts_or_withdrawn(client, budget, proposer):
    shown = public(submitted_in(budget, proposer, title="Pihakirjasto"))
    submitted_in(budget, proposer, title="Yksityinen ehdotus")
    public(PilotFactory(call=budget.call, area=budget.area, proposer=proposer, title="Luonnos"))
    withdrawn = public(submitted_in(budget, proposer, title="Peruttu"))
    services.pilot_withdraw(pilot=withdrawn, by=proposer)
    assert listed(client) == [shown.title]
    for hidden in Pilot.objects.exclude(pk=shown.pk):
        assert client.get(f"/fi/proposals/{hidden.pk}/").status_code == 404


def test_a_decided_proposal_stays_with_its_status(client, submitted, area_director):
    public(submitted)
    approve(submitted, area_director)
    page = client.get(f"/fi/proposals/{submitted.pk}/").content.decode()
    assert "Hyväksytty" in page
    assert reverse("pilots:decision_detail", args=[submitted.decision.pk]) in page
    submitted.refresh_from_db()
    assert supports.support_refusal(UserFactory(), submitted) == (
        "Ehdotuksesta on päätetty: kannatuksia ei enää kerätä."
    )


def test_the_page_shows_title_summary_area_budget_and_no_personal_data(client, submitted):
    public(submitted)
    page = client.get(f"/fi/proposals/{submitted.pk}/").content.decode()
    assert submitted.title in page and submitted.summary in page
    assert "Kallio" in page and "400,00" in page
    assert submitted.proposer.email not in page
    assert submitted.proposer.get_full_name() not in page


def test_the_name_is_shown_only_with_the_name_consent(client, submitted):
    public(submitted)
    services.pilot_set_name_consent(pilot=submitted, by=submitted.proposer, publish=True)
    page = client.get(f"/fi/proposals/{submitted.pk}/").content.decode()
    assert submitted.proposer.get_full_name() in page


def test_the_list_filters_by_area_and_call(client, budget, proposer, other_director):
    kallio = public(submitted_in(budget, proposer, title="Kallion kokeilu"))
    malmi_budget = budget.call.budgets.exclude(area=budget.area).get()
    malmi = public(
        services.pilot_submit(
            pilot=PilotFactory(
                call=budget.call, area=malmi_budget.area, proposer=proposer, title="Malmin kokeilu"
            ),
            by=proposer,
        )
    )
    assert listed(client, area=kallio.area_id) == [kallio.title]
    assert listed(client, area=malmi.area_id, call=budget.call_id) == [malmi.title]


@pytest.mark.usefixtures("analyser")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pyöräkorjaamossa", ["Pyöräkorjaamo pihalle"]),  # Finnish, inflected
        ("pyörät", ["Pyöräkorjaamo pihalle"]),
        ("verkstaden", ["Cykelverkstad på gården"]),  # a Swedish compound's part, inflected
        ("cykel", ["Cykelverkstad på gården"]),
        ("lukupiirissä", []),  # only in a proposal that is not public
    ],
)
def test_the_search_finds_inflected_forms_and_compound_parts(
    client, budget, proposer, query, expected
):
    public(submitted_in(budget, proposer, title="Pyöräkorjaamo pihalle", language="fi"))
    public(submitted_in(budget, proposer, title="Cykelverkstad på gården", language="sv"))
    submitted_in(budget, proposer, title="Lukupiiri kirjastossa", language="fi")
    assert listed(client, q=query) == expected


def test_area_page_and_navigation_link_to_the_proposals(client, budget, site_pages):
    area_page = client.get(f"/fi/areas/{budget.area.slug}/").content.decode()
    assert f'href="/fi/proposals/?area={budget.area.pk}"' in area_page
    assert 'href="/fi/proposals/"' in client.get("/fi/areas/").content.decode()


# --- supports


def test_a_verified_resident_supports_once_and_takes_it_back(client, submitted):
    public(submitted)
    supporter = UserFactory()
    client.force_login(supporter)
    url = f"/fi/proposals/{submitted.pk}/support/"
    page = client.get(f"/fi/proposals/{submitted.pk}/").content.decode()
    assert 'aria-pressed="false"' in page
    response = client.post(url, {"support": "1"})
    assert response.url == f"/fi/proposals/{submitted.pk}/"
    client.post(url, {"support": "1"})
    assert Support.objects.filter(pilot=submitted, user=supporter).count() == 1
    page = client.get(response.url).content.decode()
    assert 'aria-pressed="true"' in page
    assert re.search(r"1 asukas kannattaa|1 resident supports this", page)
    client.force_login(submitted.proposer)  # the proposer reads the same count on their page
    own = client.get(f"/fi/pilots/{submitted.pk}/").content.decode()
    assert re.search(r"1 asukas kannattaa|1 resident supports this", own)
    client.force_login(supporter)
    client.post(url, {"support": "0"})
    assert not Support.objects.exists()
    assert 'aria-pressed="false"' in client.get(response.url).content.decode()


def test_the_count_is_everyones_and_the_pressed_state_only_ones_own(client, submitted):
    public(submitted)
    for _ in range(3):
        supports.support_add(pilot=submitted, by=UserFactory())
    response = client.get(f"/fi/proposals/{submitted.pk}/")
    assert response.context["pilot"].support_count == 3
    page = response.content.decode()
    assert "aria-pressed" not in page  # anonymous: a link to log in, no button
    assert "/fi/accounts/login/?next=" in page
    client.force_login(UserFactory())
    assert 'aria-pressed="false"' in client.get(f"/fi/proposals/{submitted.pk}/").content.decode()


@pytest.mark.parametrize("who", ["proposer", "co_proposer", "director", "unverified"])
def test_supports_are_refused_to_those_who_may_not_give_them(submitted, area_director, who):
    public(submitted)
    user = {
        "proposer": submitted.proposer,
        "co_proposer": UserFactory(),
        "director": area_director,
        "unverified": UserFactory(),
    }[who]
    if who == "co_proposer":
        submitted.co_proposers.add(user)
    if who == "unverified":
        EmailAddress.objects.filter(user=user).update(verified=False)
    with pytest.raises(SupportRefused):
        supports.support_add(pilot=submitted, by=user)
    assert not Support.objects.exists()


def test_a_private_or_decided_proposal_cannot_be_supported(submitted, area_director):
    with pytest.raises(SupportRefused):
        supports.support_add(pilot=submitted, by=UserFactory())
    public(submitted)
    approve(submitted, area_director)
    with pytest.raises(SupportRefused):
        supports.support_add(pilot=submitted, by=UserFactory())
    assert not Support.objects.exists()


def test_a_refused_support_says_why_on_the_page(client, submitted):
    public(submitted)
    client.force_login(submitted.proposer)
    response = client.post(f"/fi/proposals/{submitted.pk}/support/", {"support": "1"}, follow=True)
    assert not Support.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_supporting_needs_a_login_and_a_post(client, submitted):
    public(submitted)
    url = f"/fi/proposals/{submitted.pk}/support/"
    assert client.post(url).url.startswith("/fi/accounts/login/")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 405
    assert not Support.objects.exists()


def test_a_support_stays_when_the_proposal_is_hidden_and_can_still_be_taken_back(submitted):
    public(submitted)
    supporter = UserFactory()
    supports.support_add(pilot=submitted, by=supporter)
    services.pilot_set_shown_publicly(pilot=submitted, by=submitted.proposer, publish=False)
    assert supports.support_remove(pilot=submitted, by=supporter) is True
    assert not Support.objects.exists()


# --- the director deciding


def test_the_director_sees_how_many_residents_support_it(client, submitted, area_director):
    public(submitted)
    for _ in range(2):
        supports.support_add(pilot=submitted, by=UserFactory())
    client.force_login(area_director)
    for url in (
        f"/admin/proposals/inspect/{submitted.pk}/",
        f"/admin/proposals/decide/{submitted.pk}/approve/",
    ):
        html = client.get(url).content.decode()
        assert re.search(r'id="supporters"><strong>2 ', html), url
    assert submitted.status == PilotStatus.SUBMITTED  # information only: nothing decided
