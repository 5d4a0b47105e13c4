"""When public content changes, the cached copies of the pages that show it go
(kernel.public_cache), and only those (pilotsite.page_topics says which page shows what), with
the values kept for those pages (kernel.public_cache.kept_for_page: the statistics' figures,
the story filters' names, the language links).

- A page published, unpublished, moved or deleted, a story's photo, an image deleted: the
  Wagtail pages and the statistics.
- A pilot's transition, decision, grant, result report or co-proposer (joined, left, or their
  consent to be named), or the pilot itself once it is out of draft: its decision's and its
  proposal's pages, the decision, proposal and area lists, its area's page, the statistics,
  and the Wagtail pages if the pilot has a story.
- A resident's support given or taken back: its proposal's page and the proposal list.
- A comment written, edited or deleted: its proposal's page and the proposal list, or the
  Wagtail pages for a story's.
- An area's budget in a call: the area list and that area's page.
- A name the pages print (areas, themes, goals, staff and residents' names), a call (its name
  is in the filters) or the footer's legal pages: every page.

Signals, not service calls: the lifecycle, the grants and Wagtail's publishing must not know
that a page cache exists.
"""

from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from accounts.models import User
from discussions.models import Comment
from grants.models import Grant
from home.models import LegalPages
from kernel.public_cache import purge
from pilots.models import (
    Area,
    AreaBudget,
    Call,
    CoProposer,
    Decision,
    Pilot,
    PilotStatus,
    PilotTransition,
    ResultReport,
    StoryPhoto,
    Support,
    SustainableDevelopmentGoal,
    Theme,
)
from pilotsite.page_topics import (
    AREAS,
    PAGES,
    STATISTICS,
    area_topic,
    comment_topics,
    pilot_topics,
    support_topics,
)

SHOWN_EVERYWHERE = (Area, Theme, SustainableDevelopmentGoal, Call, LegalPages)
ABOUT_A_PILOT = (PilotTransition, Decision, Grant, ResultReport, CoProposer)


def purge_now_and_after_commit(*topics: str) -> None:
    """Purge at once, and again when the transaction commits: a visitor's request that read the
    old rows in between must not leave its copy behind as a fresh one."""
    purge(*topics)
    transaction.on_commit(partial(purge, *topics))


def receiver(topics: Callable[..., tuple[str, ...]]):
    """A signal receiver purging the topics `topics(instance)` names (the instance, if any)."""

    def purge_topics(sender, instance=None, **kwargs) -> None:
        purge_now_and_after_commit(*topics(instance))

    return purge_topics


def pilot_saved(sender, instance: Pilot, **kwargs) -> None:
    # A draft is its resident's private work and appears on no public page.
    if instance.status != PilotStatus.DRAFT:
        purge_now_and_after_commit(*pilot_topics(instance.pk))


def user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # Every login saves last_login alone, which no public page shows.
    if update_fields is None or set(update_fields) != {"last_login"}:
        purge_now_and_after_commit()


on_pages = receiver(lambda instance: (PAGES, STATISTICS))
about_a_pilot = receiver(lambda instance: pilot_topics(instance.pilot_id))
about_a_support = receiver(lambda support: support_topics(support.pilot_id))
about_a_comment = receiver(lambda comment: comment_topics(comment.pilot_id, comment.thread))
about_an_area = receiver(lambda budget: (AREAS, area_topic(budget.area.slug)))
shown_everywhere = receiver(lambda instance: ())


def connect() -> None:
    """Connect the receivers; called once from the app's `ready()`. Deletions are watched per
    model, never for every model: a post_delete receiver without a sender would stop Django's
    fast deletes everywhere."""
    uid = "pilotsite.purges"
    page_published.connect(on_pages, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(on_pages, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(on_pages, dispatch_uid=f"{uid}.moved")
    for model in (*get_page_models(), get_image_model()):
        post_delete.connect(on_pages, sender=model, dispatch_uid=uid)
    watched = [
        (StoryPhoto, on_pages),
        (AreaBudget, about_an_area),
        (Support, about_a_support),
        (Comment, about_a_comment),
        *((model, about_a_pilot) for model in ABOUT_A_PILOT),
        *((model, shown_everywhere) for model in SHOWN_EVERYWHERE),
    ]
    for model, purges in watched:
        post_save.connect(purges, sender=model, dispatch_uid=uid)
        post_delete.connect(purges, sender=model, dispatch_uid=uid)
    # A page's own saves are drafts and revisions; publishing sends page_published.
    post_save.connect(pilot_saved, sender=Pilot, dispatch_uid=uid)
    post_delete.connect(pilot_saved, sender=Pilot, dispatch_uid=uid)
    post_save.connect(user_saved, sender=User, dispatch_uid=uid)
