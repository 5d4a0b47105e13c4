"""Where story pages (Wagtail) and the pilot lifecycle meet without knowing each other.

A story is published through Wagtail's moderation workflow, which knows nothing of pilots; this
receiver moves the pilot to "published" when its story first goes live.
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from pilots.models import PilotStoryPage
from pilots.services import pilot_mark_published


@receiver(page_published, sender=PilotStoryPage)
def story_published(sender, instance: PilotStoryPage, revision=None, **kwargs):
    publisher = getattr(revision, "user", None)
    pilot_mark_published(pilot=instance.pilot, by=publisher)
