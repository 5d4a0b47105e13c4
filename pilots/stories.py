"""What the story index and a story page show: the filtered, searched, paginated cards, and a
story's money and lineage. The page models call these from `get_context`."""

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.utils.translation import get_language

from kernel.public_cache import kept_for_page
from pilots import selectors
from pilots.forms import AdaptForm, StoryFilterForm, story_filter_names
from pilots.models import Pilot, PilotStoryPage, StoryIndexPage

STORIES_PER_PAGE = 12
NEWEST_STORIES = 3


class CountedPaginator(Paginator):
    """A paginator told its count, for the unfiltered index whose count is kept in the cache
    (selectors.story_facts) rather than counted over every story per request."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def filter_names(request) -> dict:
    """The areas, themes and goals the filters offer, read again only when a name or the page
    changes (kernel.public_cache.kept_for_page)."""
    return kept_for_page(request, f"story-filter-names:{get_language()}", story_filter_names)


def story_index_context(index: StoryIndexPage, request) -> dict:
    # The locale's id, not the locale: the page's locale row is not needed to filter by it.
    facts = selectors.story_facts(index.locale_id)
    form = StoryFilterForm(request.GET or None, years=facts["years"], names=filter_names(request))
    stories = selectors.live_stories(index.locale_id)
    filtered = False
    search = ""
    if form.is_valid():
        filters = form.cleaned_data
        if filters["area"]:
            stories = stories.filter(area=filters["area"])
        if filters["theme"]:
            stories = stories.filter(themes=filters["theme"])
        if filters["sdg"]:
            stories = stories.filter(sdgs=filters["sdg"])
        if filters["year"]:
            stories = stories.filter(year=filters["year"])
        if filters["outcome"]:
            stories = stories.filter(outcome=filters["outcome"])
        search = filters["q"].strip()
        filtered = any(value for name, value in filters.items() if name != "q")
    if search:
        # Ranked ids, paginated as a list; only the shown page's stories are fetched.
        ids = selectors.search_stories(stories, search)
        page = Paginator(ids, STORIES_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = selectors.stories_by_id(index.locale_id, list(page.object_list))
    elif filtered:
        page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    else:
        paginator = CountedPaginator(stories, STORIES_PER_PAGE, count=facts["count"])
        page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "stories": page, "query": query.urlencode()}
    if not page.paginator.count:
        context.update(no_result_context(index, query, search))
    return context


def no_result_context(index: StoryIndexPage, query, search: str) -> dict:
    """What an empty result offers instead: a spelling the stories use, the themes and areas
    that have stories, and the newest stories."""
    suggestion = selectors.story_search_suggestion(search) if search else None
    suggestion_query = ""
    if suggestion:
        corrected = query.copy()
        corrected["q"] = suggestion
        suggestion_query = corrected.urlencode()
    return {
        "suggestion": suggestion,
        "suggestion_query": suggestion_query,
        "themes_with_stories": selectors.themes_with_stories(index.locale_id),
        "areas_with_stories": selectors.areas_with_stories(index.locale_id),
        "newest_stories": selectors.live_stories(index.locale_id)[:NEWEST_STORIES],
    }


def story_page_context(story: PilotStoryPage, request) -> dict:
    # One query for the pilot and all its one-to-one records, instead of one each; one for
    # the story's area and language, which the page routed to did not fetch; its themes and
    # goals once each, however often the template asks.
    story.pilot = Pilot.objects.select_related("report", "grant", "decision", "proposer").get(
        pk=story.pilot_id
    )
    related = PilotStoryPage.objects.select_related("area", "locale").get(pk=story.pk)
    story.area, story.locale = related.area, related.locale
    prefetch_related_objects([story], "themes", "sdgs")
    report = getattr(story.pilot, "report", None)
    lines = list(report.spending_lines.all()) if report else []
    spent = sum(line.amount for line in lines)
    grant = getattr(story.pilot, "grant", None)
    return {
        **selectors.story_lineage(story),
        "spending_lines": lines,
        "spent": spent,
        "returned": (grant.amount - spent) if grant else None,
        "decision": getattr(story.pilot, "decision", None),
        "photos": list(story.photos.select_related("image")),
        "adapt_form": AdaptForm(names=filter_names(request)),
    }
