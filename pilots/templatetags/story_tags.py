"""The way to the stories from every page: the story index of the visitor's language."""

from django import template
from django.utils.translation import get_language

from pilots.models import StoryIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def story_index_url(context) -> str:
    index = StoryIndexPage.objects.live().filter(locale__language_code=get_language()).first()
    return index.get_url(context.get("request")) if index else ""
