"""Accessibility everywhere: every public page, every resident form in each state of a pilot,
and the staff screens we built, in fi, sv and en, with axe-core; and the proposal form with
the keyboard alone.

The walk runs over the demo city, which has pilots in every state, paid grants, published and
adapted stories. URLs come from the sitemap and the navigation, so a new page is walked without
anyone adding it here.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Q

from accounts.models import User
from demo.people import COORDINATOR_EMAIL, DEMO_PASSWORD, FINANCE_EMAIL, RESIDENTS
from discussions.models import Comment
from grants.models import SepaBatch
from notifications.models import Follow, Kind
from notifications.unsubscribe import unsubscribe_token
from pilots.co_proposers import invitation_token
from pilots.models import (
    PUBLIC_PROPOSALS,
    CoProposerInvitation,
    Pilot,
    PilotStatus,
    PilotStoryPage,
)
from tests.browser.axe import serious_violations

LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture
def demo_city(browser, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    for user in User.objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


def log_in_as(page, email, language):
    page.context.clear_cookies()
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def same_site_links(page, selector: str) -> set[str]:
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    return {href for href in hrefs if href and href.startswith("/") and not href.startswith("//")}


def public_urls(page, language: str) -> list[str]:
    """The sitemap's pages of this language, the navigation and footer links, a story's
    adapt page, a page of filtered stories, and a proposal searched for and shown."""
    page.goto("/sitemap.xml")
    sitemap = re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", page.content())
    urls = {url for url in sitemap if url.startswith(f"/{language}/")}
    page.goto(f"/{language}/")
    urls |= same_site_links(page, "header nav a, footer a")
    story = PilotStoryPage.objects.live().filter(locale__language_code=language).first()
    urls |= {
        f"/{language}/decisions/?page=1",
        f"/{language}/decisions/{Pilot.objects.filter(decision__isnull=False).first().decision.pk}/",
        f"/{language}/accounts/signup/",
        f"/{language}/accounts/password/reset/",
        f"/{language}/tarinat/?outcome=did_not_work&q=xyz",
        f"/{language}/proposals/?q=kimppakyyti",
        f"/{language}/proposals/{Pilot.objects.filter(PUBLIC_PROPOSALS).first().pk}/",
    }
    if story:
        urls.add(story.url)
    return sorted(url for url in urls if not url.endswith((".json", ".csv", ".xml", "/feed/")))


def resident_urls(language: str, resident: User) -> list[str]:
    """Every page a resident sees for their pilots, in whatever state each pilot is."""
    urls = {f"/{language}/pilots/", f"/{language}/pilots/propose/", f"/{language}/me/"}
    urls.add(f"/{language}/me/delete/")
    # Their notifications, the email settings and the unsubscribe link's confirmation.
    urls |= {f"/{language}/me/notifications/", f"/{language}/me/notifications/settings/"}
    urls.add(f"/{language}/unsubscribe/{unsubscribe_token(resident, [Kind.REPLY])}/")
    # An area's page with its follow button, pressed for the resident who follows it.
    for follow in Follow.objects.filter(user=resident, area__isnull=False).select_related("area"):
        urls.add(f"/{language}/areas/{follow.area.slug}/")
    for pilot in Pilot.objects.filter(Q(proposer=resident) | Q(co_proposers=resident)).distinct():
        urls.add(f"/{language}/pilots/{pilot.pk}/")
        urls.add(f"/{language}/pilots/{pilot.pk}/team/")
        if pilot.is_editable:
            urls.add(f"/{language}/pilots/{pilot.pk}/edit/")
        if pilot.status in (PilotStatus.DRAFT, PilotStatus.SUBMITTED):
            urls.add(f"/{language}/pilots/{pilot.pk}/withdraw/")
        if pilot.status == PilotStatus.APPROVED:
            urls.add(f"/{language}/pilots/{pilot.pk}/payout/bank/")
        if pilot.status == PilotStatus.FUNDED:
            urls.add(f"/{language}/pilots/{pilot.pk}/report/")
    story = PilotStoryPage.objects.live().first()
    urls.add(f"/{language}/stories/{story.pk}/adapt/")
    # The demo's pending invitation, which is for none of them: the page says so.
    for invitation in CoProposerInvitation.objects.all():
        urls.add(f"/{language}/co-proposer-invitations/{invitation_token(invitation)}/")
    # Public proposals: their own, others' they support (the pressed button), and decided ones,
    # each with its comments and the forms to comment and reply; a story's, signed in.
    for pilot in Pilot.objects.filter(PUBLIC_PROPOSALS):
        urls.add(f"/{language}/proposals/{pilot.pk}/")
    story_here = PilotStoryPage.objects.live().filter(locale__language_code=language).first()
    if story_here is not None:
        urls.add(story_here.url)
    # Their newest comment's edit page (the demo wrote it when it was seeded, moments ago).
    own = Comment.objects.filter(author=resident).order_by("-created_at").first()
    if own is not None and own.may_be_edited_by(resident):
        urls.add(f"/{language}/comments/{own.pk}/edit/")
    return sorted(urls)


def walk(page, urls) -> list[str]:
    violations = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        violations += serious_violations(page)
    return violations


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_and_resident_page_passes_axe(page, demo_city, language):
    """A walk over the demo city in one language: one test per language, so that the test
    workers share the three walks."""
    page.context.clear_cookies()
    urls = public_urls(page, language)
    assert len(urls) >= 12, urls
    violations, states = walk(page, urls), set()
    for email, *_name in RESIDENTS:
        resident = User.objects.get(email=email)
        states |= set(Pilot.objects.filter(proposer=resident).values_list("status", flat=True))
        log_in_as(page, email, language)
        violations += walk(page, resident_urls(language, resident))
    # The demo residents' pilots cover every state a resident can see.
    assert {"draft", "submitted", "changes_requested", "approved", "funded"} <= states
    assert violations == []


def test_the_staff_screens_we_built_pass_axe(page, demo_city):
    director = User.objects.filter(directed_areas__isnull=False).first()
    pilot = Pilot.objects.filter(area__directors=director, status=PilotStatus.SUBMITTED).first()
    log_in_as(page, director.email, "fi")
    violations = walk(
        page,
        [
            "/admin/",
            "/admin/proposals/",
            f"/admin/proposals/inspect/{pilot.pk}/",
            f"/admin/proposals/decide/{pilot.pk}/approve/",
            f"/admin/proposals/decide/{pilot.pk}/request_changes/",
        ],
    )
    reported = Pilot.objects.filter(status=PilotStatus.PUBLISHED).first()
    log_in_as(page, COORDINATOR_EMAIL, "fi")
    violations += walk(
        page,
        [
            "/admin/",
            f"/admin/proposals/inspect/{reported.pk}/",
            "/admin/areas/",
            "/admin/calls/",
            "/admin/budgets/",
            "/admin/council-report/",
            "/admin/comments/moderation/",
        ],
    )
    log_in_as(page, FINANCE_EMAIL, "fi")
    violations += walk(
        page,
        [
            "/admin/grants/",
            "/admin/grants/totals/",
            "/admin/sepa-batches/",
            f"/admin/sepa-batches/inspect/{SepaBatch.objects.first().pk}/",
        ],
    )
    assert violations == []


def test_the_proposal_form_works_with_the_keyboard_alone(page, demo_city):
    log_in_as(page, RESIDENTS[0][0], "fi")
    page.goto("/fi/pilots/propose/")
    controls = page.eval_on_selector_all(
        "form.pilot-form input:not([type=hidden]), form.pilot-form select, "
        "form.pilot-form textarea, form.pilot-form button",
        # Every control a sighted keyboard user sees; the script hides each row's "remove"
        # checkbox behind a "remove row" button, and empty rows past the first. A group of
        # radio buttons is one stop for Tab (its arrows move between the options, below).
        "elements => elements.filter(e => e.checkVisibility())"
        ".map(e => e.type === 'radio' ? `radios:${e.name}`"
        " : e.id || e.name || e.textContent.trim())",
    )
    page.locator("body").focus()
    reached, outlined = [], True
    for _ in range(len(controls) + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement;
                const style = getComputedStyle(e);
                return {
                    key: e.type === 'radio'
                        ? `radios:${e.name}` : e.id || e.name || e.textContent.trim(),
                    inForm: !!e.closest('form.pilot-form'),
                    visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
                };
            }"""
        )
        if focused["inForm"]:
            reached.append(focused["key"])
            outlined = outlined and focused["visible"]
    assert set(controls) <= set(reached), set(controls) - set(reached)
    assert outlined, "a control in the form showed no focus indicator"
    # Within the "who sees the proposal" group the arrow keys reach the other option.
    page.locator("#id_shown_publicly_0").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "id_shown_publicly_1"
    assert page.locator("#id_shown_publicly_1").is_checked()

    # Save an impossible proposal with the keyboard: the errors are announced and linked.
    page.locator("#id_starts_on").fill("2026-09-30")
    page.locator("#id_ends_on").fill("2026-05-01")
    page.locator("#id_title").focus()
    page.keyboard.type("Keyboard pilot")
    page.locator("form.pilot-form button[type=submit]").focus()
    with page.expect_navigation():  # the page answering the POST, not the form's own
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    link = summary.locator("a[href='#id_ends_on']")
    assert link.count() == 1
    field = page.locator("#id_ends_on")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_ends_on_errors" in field.get_attribute("aria-describedby")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#id_ends_on"
