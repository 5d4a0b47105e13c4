"""Where story pages (Wagtail) and the pilot lifecycle meet without knowing each other.

A story is published through Wagtail's moderation workflow, which knows nothing of pilots; this
receiver moves the pilot to "published" when its story first goes live. The cached address of
each language's story index is forgotten when an index page is saved, unpublished or deleted.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from pilots.models import PilotStoryPage, StoryIndexPage
from pilots.services import pilot_mark_published
from pilots.templatetags.story_tags import story_index_cache_key


@receiver(page_published, sender=PilotStoryPage)
def story_published(sender, instance: PilotStoryPage, revision=None, **kwargs):
    publisher = getattr(revision, "user", None)
    pilot_mark_published(pilot=instance.pilot, by=publisher)


@receiver(post_save, sender=StoryIndexPage)
@receiver(page_unpublished, sender=StoryIndexPage)
@receiver(post_delete, sender=StoryIndexPage)
def story_index_changed(sender, instance: StoryIndexPage, **kwargs):
    cache.delete_many([story_index_cache_key(code) for code, _name in settings.LANGUAGES])
