"""An Atom feed of newly published pilot stories, one per language."""

from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from pilots import selectors
from pilots.models import StoryIndexPage
from pilots.templatetags.story_tags import reader_story_url


class StoryFeed(Feed):
    feed_type = Atom1Feed
    title = _("Minipilot: new pilot stories")
    subtitle = _("What residents tried in their neighbourhoods, and what they learnt.")

    def get_object(self, request, *args, **kwargs):
        return Locale.objects.get(language_code=translation.get_language())

    def link(self, locale):
        index = StoryIndexPage.objects.live().filter(locale=locale).first()
        return index.url if index else "/"

    def items(self, locale):
        return selectors.live_stories(locale)[:30]

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.summary

    def item_link(self, story):
        return reader_story_url(story)

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at

    def item_categories(self, story):
        return [story.area.name, *(goal.name for goal in story.sdgs.all())]
