"""The demo city that `make run` seeds is consistent with itself, whatever year it is seeded in.

The seed runs once for the module (it takes seconds) inside a transaction that is rolled back
at the end, and each test looks at one property of the result.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape
from wagtail.images.models import Image
from wagtail.models import Page

from accounts.models import User
from accounts.roles import AREA_DIRECTORS, COORDINATORS, FINANCE
from demo.following import FOLLOWER_EMAIL, UNREAD
from discussions.models import AuthorRole, Comment, CommentReport, ReportReason, Thread
from discussions.selectors import moderation_queue
from grants.models import Payment
from notifications.models import Follow, Kind, Notification
from pilots.models import (
    PUBLIC_PROPOSALS,
    Area,
    Call,
    CoProposerInvitation,
    Decision,
    Pilot,
    PilotStoryPage,
    PilotTransition,
    ResultReport,
    Support,
)
from reporting.selectors import statistics

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_years_pilots(demo_city, db):
    last_year, _this_year = demo_city
    call = Call.objects.get(title_fi=f"Minipilotit {last_year}")
    return Pilot.objects.filter(call=call)


def _year(moment) -> int:
    return timezone.localtime(moment).year


def test_last_years_pilots_were_decided_paid_reported_and_published_last_year(
    demo_city, last_years_pilots
):
    last_year, _this_year = demo_city
    assert last_years_pilots.count() == 6
    decisions = Decision.objects.filter(pilot__in=last_years_pilots)
    assert sorted({decision.decided_on.year for decision in decisions}) == [last_year]
    transitions = PilotTransition.objects.filter(pilot__in=last_years_pilots)
    assert {"submit", "approve", "fund", "report", "publish"} <= set(
        transitions.values_list("action", flat=True)
    )
    assert {_year(transition.at) for transition in transitions} == {last_year}
    assert {_year(pilot.submitted_at) for pilot in last_years_pilots} == {last_year}
    payments = Payment.objects.filter(grant__pilot__in=last_years_pilots)
    assert payments.count() == 6
    assert {_year(payment.created_at) for payment in payments} == {last_year}
    reports = ResultReport.objects.filter(pilot__in=last_years_pilots)
    assert {_year(report.submitted_at) for report in reports} == {last_year}
    stories = PilotStoryPage.objects.filter(pilot__in=last_years_pilots)
    assert stories.count() == 6
    for story in stories:
        assert story.year == last_year
        assert _year(story.first_published_at) == last_year
        assert _year(story.latest_revision_created_at) == last_year


def test_each_pilot_of_last_year_happens_in_order(last_years_pilots):
    for pilot in last_years_pilots.select_related("decision", "report"):
        moments = {t.action: timezone.localdate(t.at) for t in pilot.transitions.all()}
        assert moments["submit"] < moments["approve"] == pilot.decision.decided_on
        assert moments["approve"] < moments["fund"] <= pilot.starts_on
        assert pilot.ends_on < moments["report"] < moments["publish"]


def test_this_years_decisions_are_dated_this_year(demo_city, db):
    _last_year, this_year = demo_city
    decisions = Decision.objects.filter(pilot__call__title_fi=f"Minipilotit {this_year}")
    assert decisions.count() >= 4
    assert {decision.decided_on.year for decision in decisions} == {this_year}
    assert all(decision.decided_on <= timezone.localdate() for decision in decisions)


def _years_table(html: str) -> dict[str, str]:
    section = re.search(r'aria-labelledby="chart-years-heading".*?</section>', html, re.S)
    assert section, "no chart of pilots per year"
    tbody = re.search(r"<tbody>(.*?)</tbody>", section.group(0), re.S).group(1)
    return dict(
        re.findall(r'<th scope="row">\s*(\d{4})\s*</th>\s*<td class="number">(\d+)</td>', tbody)
    )


def test_statistics_by_year_show_both_years(demo_city, client):
    last_year, this_year = demo_city
    per_year = statistics().pilots_per_year
    assert per_year[last_year] == 6
    assert per_year[this_year] >= 8

    response = client.get("/fi/statistics/")

    assert response.status_code == 200
    assert _years_table(response.content.decode()) == {
        str(last_year): "6",
        str(this_year): str(per_year[this_year]),
    }


def _euros(text: str) -> list[Decimal]:
    """Amounts of money a resident wrote into the story ("210 euro", "102,50 €")."""
    found = re.findall(r"(\d+(?:,\d{2})?)\s*(?:euro|€)", text)
    return [Decimal(amount.replace(",", ".")) for amount in found]


def _money(cell: str) -> Decimal:
    """A rendered amount ("102,50", "1 000,00 €", "354.00"): always shown with its cents."""
    assert re.search(r"\d[.,]\d{2}\b", cell), cell
    return Decimal(re.sub(r"\D", "", cell)) / 100


def test_returned_money_matches_each_storys_spending_table(demo_city, client):
    stories = PilotStoryPage.objects.live().select_related("pilot__grant", "pilot__report")
    assert stories.count() == 6
    for story in stories:
        lines = story.pilot.report.spending_lines.all()
        returned = story.pilot.grant.amount - sum(line.amount for line in lines)
        assert Decimal("0") <= returned < story.pilot.grant.amount

        response = client.get(story.url)

        tfoot = re.search(r"<tfoot>(.*?)</tfoot>", response.content.decode(), re.S).group(1)
        cells = re.findall(r"<td>(.*?)</td>", tfoot, re.S)
        assert [_money(cell) for cell in cells] == [sum(line.amount for line in lines), returned]
        for text in (story.what_was_done, story.what_happened, story.lessons):
            for amount in _euros(text):
                assert amount == returned, (
                    f"{story.title}: {amount} € written, {returned} € returned"
                )


def test_every_story_has_a_described_photo_the_residents_agreed_to_publish(demo_city, db):
    for story in PilotStoryPage.objects.live().select_related("pilot__report"):
        assert story.pilot.report.photos_consent
        photos = list(story.photos.select_related("image"))
        assert photos, f"{story.title} has no photo"
        report_photos = list(story.pilot.report.photos.all())
        assert [photo.alt_text for photo in photos] == [p.alt_text for p in report_photos]
        assert all(photo.alt_text.strip() for photo in photos)
        assert all(photo.image.width == 1200 and photo.image.height == 800 for photo in photos)
    images = Image.objects.filter(pk__in=PilotStoryPage.objects.values("photos__image"))
    # Each story shows a picture of its own, not one picture six times.
    assert len({_content(image) for image in images}) == 6


def _content(image: Image) -> bytes:
    with image.file.open("rb") as file:
        return file.read()


@pytest.mark.parametrize(
    ("index_url", "language"),
    [("/fi/tarinat/", "fi"), ("/sv/berattelser/", "sv"), ("/en/stories/", "en")],
)
def test_story_pages_and_cards_show_the_photo_with_its_description(
    demo_city, client, index_url, language
):
    index = client.get(index_url).content.decode()
    stories = PilotStoryPage.objects.live().filter(locale__language_code=language)
    assert stories.exists()
    for story in stories:
        alt = story.photos.first().alt_text
        page = client.get(story.url).content.decode()
        assert re.search(rf'<img [^>]*alt="{re.escape(escape(alt))}"', page), story.title
        assert re.search(rf'<img [^>]*alt="{re.escape(escape(alt))}"', index), story.title


def test_demo_staff_have_their_job_title_in_every_language(demo_city, db):
    staff = User.objects.filter(groups__name__in=[AREA_DIRECTORS, COORDINATORS, FINANCE])
    assert staff.distinct().count() == 8
    titles = {
        (user.job_title_fi, user.job_title_sv, user.job_title_en) for user in staff.distinct()
    }
    assert titles == {
        ("Aluejohtaja", "Områdesdirektör", "Area director"),
        ("Koordinaattori", "Koordinator", "Coordinator"),
        ("Talousasiantuntija", "Ekonomiexpert", "Finance officer"),
    }


def test_public_proposals_have_the_other_residents_supports(demo_city, client):
    response = client.get("/fi/proposals/")
    shown = {pilot.title: pilot for pilot in response.context["page"]}
    assert {"Evening football for teenagers", "Kimppakyydit asiointiin"} <= set(shown)
    assert "Repair café" not in shown  # a draft, never
    for pilot in shown.values():
        # The other demo residents, but not one who joined the team.
        assert pilot.support_count == 2 - pilot.team.count()
        team = [pilot.proposer_id, *pilot.co_proposers.values_list("pk", flat=True)]
        assert not Support.objects.filter(pilot=pilot, user__in=team).exists()
    assert {pilot.status for pilot in shown.values()} >= {"submitted", "approved"}


def test_a_public_proposal_has_a_named_co_proposer_and_a_pending_invitation(demo_city, client):
    pilot = Pilot.objects.get(title="Evening football for teenagers")
    (member,) = pilot.team.select_related("user")
    assert member.publish_name and member.user.email == "asukas@example.org"
    assert list(pilot.invitations.values_list("email", flat=True)) == ["valmentaja@example.org"]
    page = client.get(f"/fi/proposals/{pilot.pk}/").content.decode()
    assert "Aino Asukas" in page


def test_public_proposals_and_stories_have_questions_their_teams_answered(demo_city, db):
    for pilot in Pilot.objects.filter(PUBLIC_PROPOSALS):
        question = Comment.objects.get(
            pilot=pilot, thread=Thread.PROPOSAL, parent=None, reports__isnull=True
        )
        assert not pilot.is_participant(question.author)
        assert question.replies.get().author_role == AuthorRole.TEAM
    stories = PilotStoryPage.objects.live()
    assert stories.exists()
    for story in stories:
        question = Comment.objects.get(pilot=story.pilot, thread=Thread.STORY, parent=None)
        assert AuthorRole.TEAM in {reply.author_role for reply in question.replies.all()}
    assert Comment.objects.filter(author_role=AuthorRole.STAFF).exists()


def test_the_coordinators_moderation_queue_has_one_reported_comment(demo_city, db):
    (reported,) = moderation_queue()
    assert reported.open_report_count == 1 and not reported.is_held
    assert reported.open_reports[0].reason == ReportReason.OFF_TOPIC


def test_aino_follows_an_area_and_has_a_few_unread_notifications(demo_city, client):
    aino = User.objects.get(email=FOLLOWER_EMAIL)
    (follow,) = Follow.objects.filter(user=aino, area__isnull=False)
    kinds = set(Notification.objects.filter(recipient=aino).values_list("kind", flat=True))
    assert Kind.NEW_PROPOSAL in kinds and len(kinds) >= 2
    assert Notification.objects.filter(recipient=aino, read_at__isnull=True).count() == UNREAD
    client.force_login(aino)
    page = client.get("/fi/me/notifications/").content.decode()
    assert f'<span aria-hidden="true">{UNREAD}</span>' in page
    assert 'aria-pressed="true"' in client.get(f"/fi/areas/{follow.area.slug}/").content.decode()


def test_seeding_again_adds_nothing_and_prints_every_login(demo_city, db):
    models = (
        Page,
        User,
        Area,
        Pilot,
        Decision,
        Payment,
        PilotStoryPage,
        Image,
        Support,
        CoProposerInvitation,
        Comment,
        CommentReport,
        Follow,
        Notification,
    )
    counts = [model.objects.count() for model in models]

    output = io.StringIO()
    call_command("seed_demo", stdout=output)

    assert [model.objects.count() for model in models] == counts
    for user in User.objects.all():
        assert user.email in output.getvalue()
    assert "minipilot-demo" in output.getvalue()


def test_six_areas_each_with_one_director_and_names_in_swedish(demo_city, db):
    assert Area.objects.count() == 6
    assert all(area.directors.count() == 1 for area in Area.objects.all())
    assert {a.name_sv for a in Area.objects.all()} >= {"Berghäll", "Kottby", "Nordsjö"}
