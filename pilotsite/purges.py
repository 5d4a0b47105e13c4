"""When public content changes, the cached copies of the public pages go (kernel.public_cache).

A change reaches the public pages through a page being published, unpublished, moved or deleted;
a pilot's transition (new states show on decisions, stories, statistics and open data); a
decision or grant; a pilot or report the stories show (consent to show a name or photos); a photo
deleted; a name the pages print (areas, themes, goals, staff and residents' names); or the
footer's legal pages. Each purges every copy, with one increment: content changes a few times a
day, readers come all day.

Signals, not service calls: the lifecycle, the grants and Wagtail's publishing must not know
that a page cache exists.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from accounts.models import User
from grants.models import Grant
from home.models import LegalPages
from kernel.public_cache import purge
from pilots.models import (
    Area,
    Decision,
    Pilot,
    PilotStatus,
    PilotTransition,
    ResultReport,
    StoryPhoto,
    SustainableDevelopmentGoal,
    Theme,
)

PUBLIC_MODELS = (
    PilotTransition,
    Decision,
    Grant,
    ResultReport,
    StoryPhoto,
    Area,
    Theme,
    SustainableDevelopmentGoal,
    LegalPages,
)


def purge_now_and_after_commit(**kwargs) -> None:
    """Purge at once, and again when the transaction commits: a visitor's request that read the
    old rows in between must not leave its copy behind under the new generation."""
    purge()
    transaction.on_commit(purge)


def pilot_saved(sender, instance: Pilot, **kwargs) -> None:
    # A draft is its resident's private work and appears on no public page.
    if instance.status != PilotStatus.DRAFT:
        purge_now_and_after_commit()


def user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # Every login saves last_login alone, which no public page shows.
    if update_fields is None or set(update_fields) != {"last_login"}:
        purge_now_and_after_commit()


def connect() -> None:
    """Connect the receivers; called once from the app's `ready()`. Deletions are watched per
    model, never for every model: a post_delete receiver without a sender would stop Django's
    fast deletes everywhere."""
    uid = "pilotsite.purges"
    page_published.connect(purge_now_and_after_commit, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(purge_now_and_after_commit, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(purge_now_and_after_commit, dispatch_uid=f"{uid}.moved")
    for model in PUBLIC_MODELS:
        post_save.connect(purge_now_and_after_commit, sender=model, dispatch_uid=uid)
    # A page's own saves are drafts and revisions; publishing sends page_published.
    for model in (*PUBLIC_MODELS, *get_page_models(), get_image_model(), Pilot):
        post_delete.connect(purge_now_and_after_commit, sender=model, dispatch_uid=uid)
    post_save.connect(pilot_saved, sender=Pilot, dispatch_uid=uid)
    post_save.connect(user_saved, sender=User, dispatch_uid=uid)
