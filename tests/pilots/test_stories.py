"""Pilot stories: made from a report, published through Wagtail, browsed, searched and adapted."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.factories import UserFactory
from pilots import services
from pilots.errors import NotAllowed, PilotActionRefused, WrongState
from pilots.factories import PilotFactory, StoryIndexPageFactory
from pilots.models import Outcome, Pilot, PilotStatus, PilotStoryPage, ResultPhoto
from tests.city import approve, fund, photo_upload, story_of, write_report


def test_a_coordinator_makes_a_draft_story_from_the_report(reported, coordinator, story_indexes):
    report = reported.report
    ResultPhoto.objects.create(report=report, image=photo_upload(), alt_text="Kirjakaappi pihalla")
    story = services.story_create_from_report(pilot=reported, by=coordinator)
    assert not story.live
    assert story.get_parent().specific == story_indexes["fi"]
    assert (story.title, story.what_was_done, story.lessons) == (
        reported.title,
        report.what_was_done,
        report.lessons,
    )
    assert story.outcome == Outcome.WORKED and story.area == reported.area
    assert story.latest_revision is not None
    assert story.photos.count() == 0  # the residents did not consent to publishing photos
    reported.refresh_from_db()
    assert reported.status == PilotStatus.REPORTED  # a draft story publishes nothing


def test_photos_are_copied_with_consent(funded, coordinator, story_indexes):
    write_report(funded, photo_alt="Kirjakaappi pihalla", photos_consent=True)
    services.report_submit(pilot=funded, by=funded.proposer)
    story = services.story_create_from_report(pilot=funded, by=coordinator)
    photo = story.photos.get()
    assert photo.alt_text == "Kirjakaappi pihalla"
    assert photo.image.description == "Kirjakaappi pihalla"


def test_only_a_coordinator_makes_a_story_and_only_once(
    reported, coordinator, area_director, story_indexes
):
    with pytest.raises(NotAllowed):
        services.story_create_from_report(pilot=reported, by=area_director)
    services.story_create_from_report(pilot=reported, by=coordinator)
    with pytest.raises(WrongState):
        services.story_create_from_report(pilot=reported, by=coordinator)
    assert PilotStoryPage.objects.count() == 1


def test_no_story_before_the_report(funded, coordinator, story_indexes):
    with pytest.raises(WrongState):
        services.story_create_from_report(pilot=funded, by=coordinator)


def test_without_an_index_in_the_pilots_language_the_coordinator_is_told(
    reported, coordinator, site_pages
):
    with translation.override("en"), pytest.raises(PilotActionRefused, match="no story index"):
        services.story_create_from_report(pilot=reported, by=coordinator)


def test_publishing_the_story_marks_the_pilot_published_and_tells_the_residents(
    reported, coordinator, story_indexes, django_capture_on_commit_callbacks
):
    story = services.story_create_from_report(pilot=reported, by=coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision(user=coordinator).publish()
    reported.refresh_from_db()
    assert reported.status == PilotStatus.PUBLISHED
    assert [message.to for message in mail.outbox] == [[reported.proposer.email]]
    # Publishing again (an edit) changes nothing and sends nothing.
    story.save_revision(user=coordinator).publish()
    assert reported.transitions.filter(to_status=PilotStatus.PUBLISHED).count() == 1
    assert len(mail.outbox) == 1


def titles(response):
    return [story.title for story in response.context["stories"]]


def test_the_index_lists_published_stories(client, stories):
    response = client.get("/fi/tarinat/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Pihakirjasto", "Pyöräkorjaamo", "Saunavuorot"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2026", ["Pyöräkorjaamo", "Saunavuorot"]),
        ("outcome=did_not_work", ["Saunavuorot"]),
        ("year=2026&outcome=partly", ["Pyöräkorjaamo"]),
        ("q=kompostoinnista", ["Saunavuorot"]),
        ("q=kompostoinnista&year=2025", []),
    ],
)
def test_filters_and_search_combine(client, stories, query, expected):
    response = client.get(f"/fi/tarinat/?{query}")
    assert sorted(titles(response)) == expected


def test_filter_by_area_theme_and_goal(client, stories, budget):
    from pilots.models import SustainableDevelopmentGoal, Theme

    theme, goal = Theme.objects.first(), SustainableDevelopmentGoal.objects.get(code="SDG11")
    stories["bikes"].themes.add(theme)
    stories["bikes"].sdgs.add(goal)
    stories["bikes"].save()
    response = client.get(f"/fi/tarinat/?area={budget.area.pk}")
    assert sorted(titles(response)) == ["Pihakirjasto", "Saunavuorot"]
    assert titles(client.get(f"/fi/tarinat/?theme={theme.pk}")) == ["Pyöräkorjaamo"]
    assert titles(client.get(f"/fi/tarinat/?sdg={goal.pk}&theme={theme.pk}")) == ["Pyöräkorjaamo"]


def test_a_story_page_shows_the_sections_money_and_decision(client, stories):
    story = stories["library"]
    response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert story.what_was_done in html and story.lessons in html
    assert f"/fi/decisions/{story.pilot.decision.pk}/" in html
    assert 'property="og:title"' in html
    assert story.pilot.proposer.email not in html


def test_the_proposers_name_only_with_consent(client, stories):
    story = stories["library"]
    proposer = story.pilot.proposer
    proposer.first_name, proposer.last_name = "Aino", "Asukas"
    proposer.save()
    assert "Aino Asukas" not in client.get(story.url).content.decode()
    story.pilot.publish_name = True
    story.pilot.save()
    assert "Aino Asukas" in client.get(story.url).content.decode()


def test_adapting_a_story_starts_a_linked_draft_in_the_chosen_area(client, stories, budget):
    story = stories["bikes"]
    visitor = UserFactory()
    client.force_login(visitor)
    response = client.post(f"/fi/stories/{story.pk}/adapt/", {"area": budget.area.pk})
    pilot = visitor.proposed_pilots.get()
    assert response.status_code == 302 and response.url == f"/fi/pilots/{pilot.pk}/edit/"
    assert pilot.status == PilotStatus.DRAFT
    assert pilot.inspired_by == story.pilot
    assert pilot.area == budget.area and pilot.title == story.title
    assert list(pilot.budget_lines.values_list("amount", flat=True)) == list(
        story.pilot.budget_lines.values_list("amount", flat=True)
    )


def test_adapting_needs_a_login(client, stories, budget):
    response = client.post(f"/fi/stories/{stories['bikes'].pk}/adapt/", {"area": budget.area.pk})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_lineage_is_shown_in_both_directions(client, stories, budget, story_indexes):
    original = stories["library"]
    adapter = UserFactory()
    malmi = budget.call.budgets.exclude(area=budget.area).get().area
    adaptation = services.pilot_adapt(story=original, by=adapter, area=malmi)
    # A draft is the resident's own: not yet shown as an adaptation.
    assert 'class="adaptations"' not in client.get(original.url).content.decode()
    # The resident describes their own area's need and dates, then submits.
    Pilot.objects.filter(pk=adaptation.pk).update(
        need="Meillä ei ole kirjastoa.",
        audience="Naapurit.",
        expected_outcome="Kirjat kiertävät.",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 6, 1),
    )
    services.pilot_submit(pilot=adaptation, by=adapter)
    html = client.get(original.url).content.decode()
    assert '<ul class="adaptations"><li>Malmi: ' in html
    # The adaptation's own story links back to the original's.
    later = story_of(adaptation, story_indexes["fi"], slug="jatko")
    assert original.url in client.get(later.url).content.decode()


def test_the_feed_and_sitemap_list_published_stories_only(client, stories):
    feed = client.get("/fi/stories/feed/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for key in ("library", "sauna", "bikes"):
        assert stories[key].title in feed
        assert stories[key].slug in sitemap
    assert "Luonnos" not in feed
    assert stories["draft"].slug not in sitemap


def test_the_index_and_a_story_run_a_constant_number_of_queries(
    client, stories, budget, story_indexes, finance_officer, area_director
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as run:
            assert client.get("/fi/tarinat/").status_code == 200
            assert client.get(stories["library"].url).status_code == 200
        return len(run)

    def adapt_and_tell(number):
        adaptation = PilotFactory(
            call=budget.call, area=budget.area, inspired_by=stories["library"].pilot
        )
        services.pilot_submit(pilot=adaptation, by=adaptation.proposer)
        pilot = PilotFactory(call=budget.call, area=budget.area, title=f"Lisää {number}")
        services.pilot_submit(pilot=pilot, by=pilot.proposer)
        story_of(fund(approve(pilot, area_director), finance_officer), story_indexes["fi"])

    budget.grants = 100
    budget.save()
    adapt_and_tell(0)
    queries()  # warm the caches every request shares (site, locales)
    few = queries()
    for number in range(1, 15):
        adapt_and_tell(number)
    queries()  # what the new stories purged is read again once (kept_for_page)
    assert queries() == few


def test_a_story_approved_in_the_moderation_workflow_marks_the_pilot_published(
    reported, coordinator, story_indexes
):
    story = services.story_create_from_report(pilot=reported, by=coordinator)
    workflow = story.get_workflow()
    assert workflow is not None  # Wagtail's default workflow covers the story index
    workflow_state = workflow.start(story, coordinator)
    assert coordinator.groups.filter(
        pk__in=workflow_state.current_task_state.task.specific.groups.all()
    ).exists()
    reported.refresh_from_db()
    assert reported.status == PilotStatus.REPORTED
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, coordinator, "approve")
    reported.refresh_from_db()
    assert reported.status == PilotStatus.PUBLISHED


def test_a_story_without_a_translation_is_listed_in_every_language(client, stories, story_indexes):
    """The Swedish index shows the Finnish stories too, marked as Finnish, until translated."""
    html = client.get("/sv/tarinat/").content.decode()
    assert 'lang="fi" hreflang="fi">Pihakirjasto</a>' in html
    translation = stories["library"].copy_for_translation(story_indexes["sv"].locale)
    translation.title = "Gårdsbibliotek"
    translation.save_revision().publish()
    response = client.get("/sv/tarinat/")
    assert "Gårdsbibliotek" in titles(response) and "Pihakirjasto" not in titles(response)
    assert "Pihakirjasto" in titles(client.get("/fi/tarinat/"))


def test_every_page_links_to_the_story_index_of_its_language(client, site_pages):
    assert "/fi/tarinat/" not in client.get("/fi/").content.decode()  # none yet, cached so
    StoryIndexPageFactory(parent=site_pages, title="Tarinat")
    assert 'href="/fi/tarinat/"' in client.get("/fi/").content.decode()


def test_no_contact_or_bank_detail_on_any_public_story_page(client, stories, finance_officer):
    """The proposers gave emails and bank accounts, and none agreed to show a name."""
    secrets = set()
    for story in PilotStoryPage.objects.all():
        proposer = story.pilot.proposer
        proposer.first_name, proposer.last_name = "Salainen", f"Asukas{proposer.pk}"
        proposer.save()
        secrets |= {proposer.email, proposer.get_full_name()}
        secrets |= {story.pilot.grant.bank_details.iban, story.pilot.grant.bank_details.holder}
    pages = [
        "/fi/",
        "/sv/",
        "/fi/tarinat/",
        "/sv/tarinat/?q=Opimme",
        "/fi/stories/feed/",
        "/en/stories/feed/",
        "/sitemap.xml",
        "/fi/decisions/",
        *(story.url for story in PilotStoryPage.objects.live()),
        *(f"/fi/decisions/{story.pilot.decision.pk}/" for story in PilotStoryPage.objects.all()),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not [secret for secret in secrets if secret and secret in html], url
