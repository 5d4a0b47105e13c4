"""How stories and proposals become search documents, and what keeps the index current.

A story is found by its title, then its summary, then the rest of its text, analysed in the
language of its locale; it is in the index while it is live. A proposal is found the same way in
the language it was written in, by the directors in the admin. The search app knows neither;
it finds this module by name (`search.apps.SearchConfig.ready`).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from pilots.models import Pilot, PilotStoryPage
from search.index import SearchDocument, index_documents, register, remove_documents

STORY = "pilots.story"
PILOT = "pilots.pilot"
TITLE, SUMMARY, BODY = 100, 10, 1
PILOT_FIELDS = {
    "title",
    "summary",
    "need",
    "activities",
    "audience",
    "expected_outcome",
    "language",
}


def story_document(story: PilotStoryPage) -> SearchDocument:
    body = PilotStoryPage._meta.get_field("body").get_searchable_content(story.body)
    return SearchDocument(
        object_id=story.pk,
        language=story.locale.language_code,
        fields=(
            (story.title, TITLE),
            (story.summary, SUMMARY),
            (story.what_was_done, BODY),
            (story.what_happened, BODY),
            (story.lessons, BODY),
            *((text, BODY) for text in body),
        ),
    )


def pilot_document(pilot: Pilot) -> SearchDocument:
    return SearchDocument(
        object_id=pilot.pk,
        language=pilot.language,
        fields=(
            (pilot.title, TITLE),
            (pilot.summary, SUMMARY),
            (pilot.need, BODY),
            (pilot.activities, BODY),
            (pilot.audience, BODY),
            (pilot.expected_outcome, BODY),
        ),
    )


def all_story_documents():
    stories = PilotStoryPage.objects.live().select_related("locale").order_by("pk")
    return (story_document(story) for story in stories.iterator(chunk_size=1000))


def all_pilot_documents():
    return (pilot_document(pilot) for pilot in Pilot.objects.order_by("pk").iterator(2000))


register(STORY, all_story_documents)
register(PILOT, all_pilot_documents)


@receiver(page_published, sender=PilotStoryPage)
def story_published(sender, instance: PilotStoryPage, **kwargs):
    index_documents(STORY, [story_document(instance)])


@receiver(post_save, sender=PilotStoryPage)
def story_created(sender, instance: PilotStoryPage, created, **kwargs):
    """A page made live at creation (a copy, an import, a factory) sends no page_published.

    Later saves are left to the publishing signals: saving a draft revision saves the page
    with its unpublished text in memory, which the index must not take for the live text."""
    if created and instance.live:
        index_documents(STORY, [story_document(instance)])


@receiver(page_unpublished, sender=PilotStoryPage)
@receiver(post_delete, sender=PilotStoryPage)
def story_withdrawn(sender, instance: PilotStoryPage, **kwargs):
    remove_documents(STORY, [instance.pk])


@receiver(post_save, sender=Pilot)
def pilot_saved(sender, instance: Pilot, update_fields=None, **kwargs):
    # A lifecycle step saves only its own fields (status, dates): nothing searchable changed.
    if update_fields is None or PILOT_FIELDS & set(update_fields):
        index_documents(PILOT, [pilot_document(instance)])


@receiver(post_delete, sender=Pilot)
def pilot_deleted(sender, instance: Pilot, **kwargs):
    remove_documents(PILOT, [instance.pk])
