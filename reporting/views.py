"""Public pages and files: open data, the story API and statistics. All read-only."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_safe

from kernel.public_cache import kept_for_page, public_page
from reporting import giving360, open_data_files, selectors
from reporting.forms import StoryFilterForm
from reporting.models import OpenDataKind
from reporting.statistics import statistics_charts

STORIES_PER_PAGE = 20


@require_GET
@public_page
def open_data(request):
    return render(
        request,
        "reporting/open_data.html",
        {
            "grant_count": selectors.decided_grants().count(),
            "license_url": giving360.LICENSE_URL,
            "funder_name": settings.OPEN_DATA_FUNDER_NAME,
            "identifier_example": giving360.identifier("recipient-123"),
        },
    )


# The files are stored and served as stored (reporting.open_data_files), without the page cache:
# they answer from storage with an ETag, and the page cache would only copy them into Redis.


@require_safe
def grants_json(request):
    return open_data_files.serve(request, OpenDataKind.GRANTS_JSON, translation.get_language())


@require_safe
def grants_csv(request):
    return open_data_files.serve(request, OpenDataKind.GRANTS_CSV, translation.get_language())


@require_safe
def grants_finnish_csv(request):
    return open_data_files.serve(request, OpenDataKind.GRANTS_FINNISH_CSV, "fi")


@require_GET
@public_page
def statistics(request):
    # Aggregated over every pilot: counted again only when the statistics are purged.
    figures = kept_for_page(request, "statistics", selectors.statistics)
    return render(
        request,
        "reporting/statistics.html",
        {"charts": statistics_charts(figures), "most_adapted": figures.most_adapted},
    )


def _story(story, request) -> dict:
    original = story.pilot.inspired_by
    inspired_by = None
    if original is not None and original.live_stories:
        # The original's story in the same language if there is one, else its first.
        same_language = [s for s in original.live_stories if s.locale_id == story.locale_id]
        inspired_by = request.build_absolute_uri(
            (same_language or original.live_stories)[0].get_url(request)
        )
    return {
        "title": story.title,
        "url": request.build_absolute_uri(story.get_url(request)),
        "summary": story.summary,
        "area": {"slug": story.area.slug, "name": story.area.name},
        "year": story.year,
        "outcome": {"code": story.outcome, "label": story.get_outcome_display()},
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in story.themes.all()],
        "sdgs": [{"code": sdg.code, "name": sdg.name} for sdg in story.sdgs.all()],
        "first_published_at": (
            story.first_published_at.isoformat() if story.first_published_at else None
        ),
        "inspired_by": inspired_by,
        "adaptations": story.adaptation_count,
    }


@require_GET
@public_page
def story_api(request):
    """Published stories in the request's language, 20 a page, filterable by area, year and
    outcome. Holds the stories' own public text only: no resident's name or contact."""
    form = StoryFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    stories = form.filter(selectors.published_stories(translation.get_language()))
    paginator = Paginator(stories, STORIES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        return JsonResponse({"errors": {"page": [{"message": "no such page"}]}}, status=404)

    def link(number):
        query = {k: v for k, v in request.GET.items() if k != "page"} | {"page": number}
        return request.build_absolute_uri(f"{reverse('reporting:story_api')}?{urlencode(query)}")

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [_story(story, request) for story in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )
