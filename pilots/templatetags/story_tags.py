"""The way to the stories from every page: the story index of the visitor's language."""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from pilots.models import StoryIndexPage

register = template.Library()


def story_index_cache_key(language_code: str) -> str:
    return f"pilots:story-index-url:{language_code}"


@register.simple_tag
def story_index_url() -> str:
    """Asked on every page, so kept in the cache; pilots.signals forgets it when an index
    page is published, unpublished or deleted."""
    language = get_language()

    def find() -> str:
        index = StoryIndexPage.objects.live().filter(locale__language_code=language).first()
        return index.url if index else ""

    return cache.get_or_set(story_index_cache_key(language), find, timeout=None)


@register.simple_tag
def reader_story_url(story) -> str:
    """Where a reader of the active language reads `story`: at its own address when it is in
    their language, otherwise under their own story index, so that the interface stays in
    their language (pilots.models.StoryIndexPage.route serves it there)."""
    if story.locale.language_code == get_language():
        return story.url
    index_url = story_index_url()
    return f"{index_url}{story.slug}/" if index_url else story.url
