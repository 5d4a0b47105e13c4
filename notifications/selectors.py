"""Reads of following and notifications, with their query shape decided here: a page of
notifications costs the same queries whatever its length."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet, Value

from notifications.models import (
    DEFAULT_FREQUENCY,
    Follow,
    Kind,
    Notification,
    NotificationPreference,
)
from pilots.models import Area, CoProposer, Pilot


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user) -> QuerySet[Notification]:
    """Newest first, with what their sentence names (notifications.texts): one query a page."""
    return Notification.objects.filter(recipient=user).select_related("pilot__area", "comment")


def frequencies(user) -> dict[str, str]:
    """How often `user` is emailed about each kind: their choice, or the kind's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, DEFAULT_FREQUENCY[kind]) for kind in Kind.values}


def frequencies_of(user_ids, kind: str) -> dict[int, str]:
    """How often each of these users is emailed about `kind`: one query for them all."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "frequency"
        )
    )
    return {user_id: chosen.get(user_id, DEFAULT_FREQUENCY[kind]) for user_id in user_ids}


def kinds_at(user, frequency: str) -> list[str]:
    return [kind for kind, chosen in frequencies(user).items() if chosen == frequency]


@dataclass(frozen=True)
class FollowFacts:
    """What the follow button and `follow_refusal` ask of a signed-in user and a target."""

    following: bool
    own_pilot: bool
    verified: bool


def follow_facts(user, *, area: Area | None = None, pilot: Pilot | None = None) -> FollowFacts:
    """Whether `user` follows the area or the pilot, is in the pilot's team, and has a verified
    address: one query, for a button on every page of a signed-in reader."""
    co_proposer = CoProposer.objects.filter(pilot=pilot, user=OuterRef("pk"))
    facts = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            following=Exists(Follow.objects.filter(user=OuterRef("pk"), area=area, pilot=pilot)),
            co_proposer=Exists(co_proposer) if pilot is not None else Value(False),
            verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        )
        .values("following", "co_proposer", "verified")
        .get()
    )
    own = pilot is not None and (pilot.proposer_id == user.pk or facts["co_proposer"])
    return FollowFacts(facts["following"], own, facts["verified"])


def followers(*, area: Area | None = None, pilot: Pilot | None = None) -> set[int]:
    """The ids of the active accounts following the area or the pilot."""
    follows = Follow.objects.filter(user__is_active=True)
    follows = follows.filter(area=area) if area is not None else follows.filter(pilot=pilot)
    return set(follows.values_list("user_id", flat=True))


def follows_of(user) -> QuerySet[Follow]:
    """What `user` follows, for their data download."""
    return Follow.objects.filter(user=user).select_related("area", "pilot")
