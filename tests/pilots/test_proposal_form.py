"""The proposal form without script: adding and removing budget rows, the total, the marks
for what is needed, and ids no row can have."""

import re

import pytest

from pilots.models import Pilot, ResultReport, SustainableDevelopmentGoal, Theme
from tests.pilots.proposal_posts import proposal

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def total_forms(html: str) -> int:
    return int(re.search(r'name="budget-TOTAL_FORMS" value="(\d+)"', html).group(1))


def test_add_a_row_shows_one_more_row_and_keeps_everything_typed(
    client, budget, proposer, site_pages
):
    client.force_login(proposer)
    theme = Theme.objects.first()
    data = proposal(budget, themes=[theme.pk], **{"budget-add": "1"})
    response = client.post("/fi/pilots/propose/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Pilot.objects.exists()  # shown again, not saved
    assert total_forms(html) == 5
    assert 'name="budget-4-description"' in html
    assert 'value="Lautaa"' in html
    assert 'value="80.50"' in html
    assert 'value="Pihakirjasto"' in html
    assert "Kirjakaappi pihalle.</textarea>" in html
    assert re.search(rf'value="{theme.pk}"[^>]*checked', html)
    assert "error-summary" not in html  # nothing was saved, so nothing is wrong yet
    assert "Lisää rivi" in html


def test_add_a_row_leaves_out_the_rows_ticked_for_removal(client, budget, proposer, site_pages):
    client.force_login(proposer)
    data = proposal(budget, **{"budget-add": "1", "budget-0-DELETE": "on"})
    html = client.post("/sv/pilots/propose/", data).content.decode()
    assert 'value="Lautaa"' not in html
    assert 'value="Maali"' in html
    assert total_forms(html) == 4


def test_a_row_ticked_remove_is_not_saved_nor_checked(client, budget, proposer, site_pages):
    client.force_login(proposer)
    data = proposal(
        budget,
        **{
            "budget-0-DELETE": "on",
            "budget-2-description": "Ilman summaa",  # wrong, but removed
            "budget-2-DELETE": "on",
        },
    )
    response = client.post("/fi/pilots/propose/", data)
    pilot = Pilot.objects.get()
    assert response.url == f"/fi/pilots/{pilot.pk}/"
    assert list(pilot.budget_lines.values_list("description", flat=True)) == ["Maali"]


@pytest.mark.parametrize(
    ("language", "total", "grant"),
    [
        ("fi", "380,50\xa0€", "500,00\xa0€"),
        ("sv", "380,50\xa0€", "500,00\xa0€"),
        ("en", "€380.50", "€500.00"),
    ],
)
def test_the_total_shows_after_saving(client, budget, proposer, site_pages, language, total, grant):
    client.force_login(proposer)
    client.post(f"/{language}/pilots/propose/", proposal(budget))
    pilot = Pilot.objects.get()
    form = client.get(f"/{language}/pilots/{pilot.pk}/edit/").content.decode()
    assert re.search(rf'<output[^>]*aria-live="polite"[^>]*>{total}</output>', form)
    assert grant in form
    detail = client.get(f"/{language}/pilots/{pilot.pk}/").content.decode()
    assert total in detail
    assert "300,00\xa0€" in detail if language != "en" else "€300.00" in detail


def test_the_form_loads_its_script_from_a_file(client, budget, proposer, site_pages):
    client.force_login(proposer)
    html = client.get("/fi/pilots/propose/").content.decode()
    assert '<script src="/static/js/money-lines.js" defer></script>' in html
    assert "<script>" not in html
    assert client.get("/static/js/money-lines.js").status_code == 200


@pytest.mark.parametrize(
    ("language", "legend"),
    [
        ("fi", "Tähdellä * merkityt kentät"),
        ("sv", "Fält märkta med * behövs"),
    ],
)
def test_fields_needed_to_submit_are_marked(client, budget, proposer, site_pages, language, legend):
    client.force_login(proposer)
    html = client.get(f"/{language}/pilots/propose/").content.decode()
    assert legend in html
    for name in ("title", "need", "activities", "starts_on", "area"):
        control = re.search(rf'<(input|textarea|select)[^>]*id="id_{name}"[^>]*>', html).group(0)
        assert 'aria-required="true"' in control, name
        label = re.search(rf'<label for="id_{name}"[^>]*>([^<]*)</label>', html).group(1)
        assert label.endswith(" *"), label
    title = re.search(r'<input[^>]*id="id_title"[^>]*>', html).group(0)
    assert " required" in title  # needed even for a draft
    image = re.search(r'<input[^>]*id="id_image"[^>]*>', html).group(0)
    assert "aria-required" not in image
    assert not re.search(r'<label for="id_image_alt"[^>]*>[^<]*\*', html)


@pytest.mark.parametrize(
    "field", ["themes", "sdgs", "area", "call"], ids=["themes", "sdgs", "area", "call"]
)
@pytest.mark.parametrize("number", [HUGE, f"-{HUGE}"])
def test_an_id_no_row_can_have_is_refused_with_a_clear_message(
    client, budget, proposer, site_pages, field, number
):
    client.force_login(proposer)
    response = client.post("/fi/pilots/propose/", proposal(budget, **{field: number}))
    assert response.status_code == 200
    assert not Pilot.objects.exists()
    assert "Valitse oikea vaihtoehto" in response.content.decode()


def test_ids_in_range_still_work_beside_the_check(client, budget, proposer, site_pages):
    client.force_login(proposer)
    theme, goal = Theme.objects.first(), SustainableDevelopmentGoal.objects.first()
    client.post("/fi/pilots/propose/", proposal(budget, themes=[theme.pk], sdgs=[goal.pk]))
    pilot = Pilot.objects.get()
    assert list(pilot.themes.all()) == [theme]
    assert list(pilot.sdgs.all()) == [goal]


def test_the_public_filters_take_huge_ids(client, stories):
    for query in ({"area": HUGE}, {"call": HUGE}):
        assert client.get("/fi/decisions/", query).status_code == 200
    index = stories["library"].get_parent().url
    for query in ({"area": HUGE}, {"theme": HUGE}, {"sdg": HUGE}):
        assert client.get(index, query).status_code == 200


def test_the_report_adds_a_spending_row_without_script_too(client, funded, site_pages):
    client.force_login(funded.proposer)
    data = {
        "what_was_done": "Rakensimme kirjakaapin.",
        "would_recommend": "yes",
        "spending-TOTAL_FORMS": "2",
        "spending-INITIAL_FORMS": "0",
        "spending-0-description": "Lautaa",
        "spending-0-amount": "120",
        "spending-1-description": "Maali",
        "spending-1-amount": "30",
        "spending-1-DELETE": "on",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "spending-add": "1",
    }
    html = client.post(f"/sv/pilots/{funded.pk}/report/", data).content.decode()
    assert not ResultReport.objects.filter(pilot=funded).exists()  # shown again, not saved
    assert re.search(r'name="spending-TOTAL_FORMS" value="2"', html)
    assert 'value="Lautaa"' in html
    assert 'value="Maali"' not in html
    assert "Rakensimme kirjakaapin.</textarea>" in html
    assert re.search(r'value="yes"[^>]*checked', html)
    assert "Lägg till en rad" in html
