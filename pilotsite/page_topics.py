"""What each public page shows, as topics of the page cache (kernel.public_cache), and the
topics a change touches (pilotsite.purges), side by side so that the two cannot drift apart.

A page shows EVERYTHING (the names and the legal links every page prints) and:
- every Wagtail page (home, story index, stories, legal pages) and the story API: PAGES;
- the decision list: DECISIONS; a decision's page: its own topic, `decision_topic(pk)`;
- the area list: AREAS; an area's page: `area_topic(slug)`;
- the list of public proposals: PROPOSALS; a proposal's page: `proposal_topic(pk)`;
- the statistics and the open-data page: STATISTICS.
"""

from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from pilots.models import Pilot, PilotStoryPage

PAGES = "pages"
DECISIONS = "decisions"
AREAS = "areas"
STATISTICS = "statistics"
PROPOSALS = "proposals"


def decision_topic(pk) -> str:
    return f"decision:{pk}"


def area_topic(slug: str) -> str:
    return f"area:{slug}"


def proposal_topic(pk) -> str:
    return f"proposal:{pk}"


def page_topics(request: HttpRequest) -> tuple[str, ...]:
    """The topics of the public page `request` asks for (settings.PUBLIC_PAGE_TOPICS)."""
    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    match match.view_name if match else "":
        case "wagtail_serve" | "reporting:story_api":
            return (PAGES,)
        case "pilots:decision_list":
            return (DECISIONS,)
        case "pilots:decision_detail":
            return (decision_topic(kwargs["pk"]),)
        case "pilots:area_list":
            return (AREAS,)
        case "pilots:area_detail":
            return (area_topic(kwargs["slug"]),)
        case "pilots:proposal_list":
            return (PROPOSALS,)
        case "pilots:proposal_detail":
            return (proposal_topic(kwargs["pk"]),)
        case "reporting:statistics" | "reporting:open_data":
            return (STATISTICS,)
    return ()


def support_topics(pilot_id: int) -> tuple[str, ...]:
    """A support given or taken back shows on its proposal's page and in the list's counts."""
    return (PROPOSALS, proposal_topic(pilot_id))


def comment_topics(pilot_id: int, thread: str) -> tuple[str, ...]:
    """A comment shows on its proposal's page and in the list's counts, or on its story's pages
    (every translation of the story shows the one thread, and the Wagtail pages have one topic)."""
    return (PROPOSALS, proposal_topic(pilot_id)) if thread == "proposal" else (PAGES,)


def pilot_topics(pilot_id: int) -> tuple[str, ...]:
    """The pages a change of this pilot shows on: its decision, its proposal page, the lists,
    its area's page, the statistics; and the Wagtail pages when it has a story. One query."""
    found = (
        Pilot.objects.filter(pk=pilot_id)
        .annotate(has_story=Exists(PilotStoryPage.objects.filter(pilot=OuterRef("pk"))))
        .values_list("area__slug", "decision__pk", "has_story")
        .first()
    )
    if found is None:  # deleted meanwhile: what showed it is purged with what deleted it
        return (DECISIONS, AREAS, STATISTICS, PROPOSALS, proposal_topic(pilot_id))
    area_slug, decision_id, has_story = found
    topics = [DECISIONS, AREAS, STATISTICS, PROPOSALS, proposal_topic(pilot_id)]
    topics.append(area_topic(area_slug))
    if decision_id is not None:
        topics.append(decision_topic(decision_id))
    if has_story:
        topics.append(PAGES)
    return tuple(topics)
