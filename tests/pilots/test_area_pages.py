"""Each area's public page: its open calls with the grants left, and how long the city takes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pilots import area_calls, services
from pilots.decision_texts import decision_defaults
from pilots.factories import AreaBudgetFactory, AreaFactory, CallFactory, PilotFactory
from pilots.models import Action, Decision, Pilot, PilotTransition
from tests.city import approve, fund

pytestmark = pytest.mark.django_db


def approved_in(budget, director, count: int) -> list[Pilot]:
    pilots = []
    for _ in range(count):
        pilot = PilotFactory(call=budget.call, area=budget.area)
        services.pilot_submit(pilot=pilot, by=pilot.proposer)
        pilots.append(approve(pilot, director))
    return pilots


def left_in(budget) -> int:
    return area_calls.open_budgets().get(pk=budget.pk).grants_left


def test_grants_left_count_approvals_and_give_back_a_cancelled_one(budget, area_director):
    assert left_in(budget) == 5
    first, _second = approved_in(budget, area_director, 2)
    assert left_in(budget) == 3
    services.pilot_cancel(pilot=first, by=area_director, grounds="Kokeilu ei toteudu.")
    assert left_in(budget) == 4


def test_rejected_and_waiting_proposals_take_no_grant(budget, area_director, submitted):
    rejected = PilotFactory(call=budget.call, area=budget.area)
    services.pilot_submit(pilot=rejected, by=rejected.proposer)
    texts = decision_defaults(rejected, area_director)
    services.pilot_reject(
        pilot=rejected,
        by=area_director,
        grounds="Ei kuulu haun piiriin.",
        contact_person=texts["contact_person"],
        appeal_instructions=texts["appeal_instructions"],
    )
    assert left_in(budget) == 5


def test_only_calls_open_today_are_listed(budget):
    today = timezone.localdate()
    closed = CallFactory(opens_on=today - datetime.timedelta(days=60), closes_on=today)
    AreaBudgetFactory(call=closed, area=budget.area, grants=3)
    closed.closes_on = today - datetime.timedelta(days=1)
    closed.save()
    future = CallFactory(opens_on=today + datetime.timedelta(days=10))
    AreaBudgetFactory(call=future, area=budget.area, grants=3)
    listed = {b.call_id for b in area_calls.open_budgets().filter(area=budget.area)}
    assert listed == {budget.call_id}


def test_grants_left_never_go_below_zero(budget, area_director):
    approved_in(budget, area_director, 2)
    budget.grants = 1  # the city lowered the budget after two approvals
    budget.save()
    assert left_in(budget) == 0


def decided_after(pilot: Pilot, days_waited: int, decided_on: datetime.date) -> None:
    submitted_on = decided_on - datetime.timedelta(days=days_waited)
    submitted = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9)))
    Pilot.objects.filter(pk=pilot.pk).update(submitted_at=submitted)
    Decision.objects.filter(pilot=pilot).update(decided_on=decided_on)


def test_service_levels_are_medians_of_the_last_twelve_months(budget, area_director):
    today = timezone.localdate()
    pilots = approved_in(budget, area_director, 4)
    for pilot, waited in zip(pilots[:3], [10, 20, 50], strict=True):
        decided_after(pilot, waited, today - datetime.timedelta(days=30))
    # Decided 400 days ago: outside the twelve months, whatever it took.
    decided_after(pilots[3], 300, today - datetime.timedelta(days=400))

    levels = area_calls.service_levels(budget.area, today)
    assert levels["decision"].median_days == 20
    assert levels["decision"].cases == 3
    assert levels["decision"].meets_target is True  # the default target is 30 days


def test_payment_level_counts_days_from_decision_to_money(
    budget, area_director, finance_officer, settings
):
    settings.PAYMENT_TARGET_DAYS = 5
    today = timezone.localdate()
    pilots = approved_in(budget, area_director, 2)
    for pilot, days_to_money in zip(pilots, [4, 12], strict=True):
        fund(pilot, finance_officer)
        decided_after(pilot, 3, today - datetime.timedelta(days=20))
        paid_at = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=20 - days_to_money), datetime.time(12)
            )
        )
        PilotTransition.objects.filter(pilot=pilot, action=Action.FUND).update(at=paid_at)

    payment = area_calls.service_levels(budget.area, today)["payment"]
    assert (payment.median_days, payment.cases, payment.target_days) == (8, 2, 5)
    assert payment.meets_target is False


def test_an_area_without_cases_says_so_instead_of_a_zero(budget):
    levels = area_calls.service_levels(budget.area)
    assert levels["decision"].median_days is None
    assert levels["decision"].meets_target is None


def test_area_page_in_swedish_shows_description_call_and_what_is_left(
    client, budget, area_director
):
    area = budget.area
    area.description_sv = "En tät stadsdel med innergårdar."
    area.description_fi = "Tiivis kaupunginosa sisäpihoineen."
    area.save()
    budget.call.title_sv = "Minipiloter i år"
    budget.call.save()
    approved_in(budget, area_director, 1)

    page = client.get(f"/sv/areas/{area.slug}/").content.decode()
    assert "En tät stadsdel med innergårdar." in page
    assert "Tiivis kaupunginosa" not in page
    assert "Minipiloter i år" in page
    with translation.override("sv"):
        assert translation.gettext("Grants left in this area") in page
    assert "4 av 5" in page
    propose = f"{reverse('pilots:propose')}?area={area.pk}&amp;call={budget.call.pk}"
    assert propose.replace("/fi/", "/sv/") in page


def test_text_not_written_in_the_readers_language_is_marked_with_its_own(client, budget):
    area = budget.area
    area.description_fi, area.description_sv = "Tiivis kaupunginosa sisäpihoineen.", ""
    area.save()
    budget.call.title_fi, budget.call.title_sv = "Pienkokeilut", "Minipiloter"
    budget.call.text_fi, budget.call.text_sv = "Ehdota kokeilua!", ""
    budget.call.save()
    page = client.get(f"/sv/areas/{area.slug}/").content.decode()
    assert '<div class="prose" lang="fi"><p>Tiivis kaupunginosa sisäpihoineen.</p></div>' in page
    assert '<h3 lang="sv">Minipiloter</h3>' in page
    assert '<div class="prose" lang="fi"><p>Ehdota kokeilua!</p></div>' in page


def test_a_used_budget_offers_no_proposal_button(client, budget, area_director):
    budget.grants = 1
    budget.save()
    approved_in(budget, area_director, 1)
    page = client.get(f"/en/areas/{budget.area.slug}/").content.decode()
    assert "Propose a pilot in" not in page
    assert "grants in this area are used" in page


def test_unknown_area_is_not_found(client, budget):
    assert client.get("/fi/areas/ei-ole/").status_code == 404


def test_home_and_area_list_lead_to_each_area(client, site_pages, budget):
    for url in ["/fi/", "/fi/areas/"]:
        page = client.get(url).content.decode()
        for area in [budget.area, *type(budget.area).objects.exclude(pk=budget.area_id)]:
            assert f'href="/fi/areas/{area.slug}/"' in page, url


def test_propose_link_starts_the_proposal_in_that_area(client, budget, proposer):
    other = AreaFactory(slug="vuosaari", name_fi="Vuosaari", name_sv="Nordsjö")
    client.force_login(proposer)
    page = client.get(f"{reverse('pilots:propose')}?area={other.pk}").content.decode()
    assert f'<option value="{other.pk}" selected>' in page


def test_area_list_queries_do_not_grow_with_areas(client, budget):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/fi/areas/").status_code == 200
        return len(captured)

    queries()  # the first request also fills the per-site caches every page shares
    few = queries()
    for _ in range(6):
        AreaBudgetFactory(call=budget.call, area=AreaFactory(), grants=2)
    assert queries() == few
    assert few <= 10
