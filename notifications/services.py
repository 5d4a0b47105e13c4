"""Following, notifying and choosing how often to be emailed; each checks who may, then acts.

Anyone signed in with a verified email address (city staff need none, as for comments) follows
an area, a public proposal or a published story; the pilot's own team hears of it anyway, so
does not follow it. Supporting a proposal and commenting on a pilot follow it too (the
receivers say so), and unfollowing is always one click.

`notify` records what happened for each recipient, and queues the email of those who want it
at once; the digests are the `notifications_send_digests` command's (notifications.emails).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_city_staff
from discussions.models import Comment
from kernel.errors import ActionRefused
from notifications import selectors
from notifications.models import (
    DEFAULT_FREQUENCY,
    Follow,
    Frequency,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.tasks import send_notification_emails
from pilots.models import Area, Pilot, PilotStoryPage


class FollowRefused(ActionRefused):
    default_message = _("You cannot follow this.")


def follow_refusal(
    user,
    *,
    area: Area | None = None,
    pilot: Pilot | None = None,
    facts: selectors.FollowFacts | None = None,
    story_live: bool = False,
) -> str:
    """Why `user` cannot follow the area or pilot now, or "" when they can (the page says it
    instead of offering the button; `follow_add` refuses with the same words). A page that
    read `facts` already passes them, and a live story's page says so (`story_live`)."""
    if not user.is_authenticated:
        return _("Log in to follow.")
    facts = facts or selectors.follow_facts(user, area=area, pilot=pilot)
    if pilot is not None:
        if not (
            story_live
            or pilot.is_public_proposal
            or PilotStoryPage.objects.live().filter(pilot=pilot).exists()
        ):
            return FollowRefused.default_message
        if facts.own_pilot:
            return _("This is your own pilot: you hear of it without following it.")
    if not facts.verified and not is_city_staff(user):
        return _("Confirm your email address first: then you can follow.")
    return ""


@transaction.atomic
def follow_add(*, by, area: Area | None = None, pilot: Pilot | None = None) -> bool:
    """`by` follows the area or the pilot; True if this is new, False if they did already."""
    if (area is None) == (pilot is None):
        raise FollowRefused
    refusal = follow_refusal(by, area=area, pilot=pilot)
    if refusal:
        raise FollowRefused(refusal)
    # get_or_create inserts in a savepoint and reads the row instead if a concurrent click
    # inserted it first (the unique constraints), so the follow is there once either way.
    _follow, created = Follow.objects.get_or_create(user=by, area=area, pilot=pilot)
    return created


@transaction.atomic
def follow_remove(*, by, area: Area | None = None, pilot: Pilot | None = None) -> bool:
    """`by` stops following, in any state; True if they followed."""
    if not by.is_authenticated or (area is None) == (pilot is None):
        raise FollowRefused
    deleted, _by_model = Follow.objects.filter(user=by, area=area, pilot=pilot).delete()
    return bool(deleted)


def follow_quietly(*, user, pilot: Pilot) -> None:
    """Follow `pilot` for `user`, who supported it or commented on it, when they may: asked
    by the receivers, so a refusal is no error."""
    if not follow_refusal(user, pilot=pilot):
        Follow.objects.get_or_create(user=user, pilot=pilot)


def notify(
    *, recipients, kind: str, pilot: Pilot, comment: Comment | None = None
) -> list[Notification]:
    """Record `kind` for each recipient (ids) and queue the email of those who want it at once.

    A recipient told of this pilot's `kind` already (a proposal shown, hidden and shown again)
    is not told twice, except of comments, each of which is news.
    """
    recipients = set(recipients)
    if comment is None:
        recipients -= set(
            Notification.objects.filter(
                recipient_id__in=recipients, kind=kind, pilot=pilot
            ).values_list("recipient_id", flat=True)
        )
    if not recipients:
        return []
    made = Notification.objects.bulk_create(
        Notification(recipient_id=user_id, kind=kind, pilot=pilot, comment=comment)
        for user_id in sorted(recipients)
    )
    frequency = selectors.frequencies_of(recipients, kind)
    at_once = [n.pk for n in made if frequency[n.recipient_id] == Frequency.IMMEDIATELY]
    if at_once:
        transaction.on_commit(lambda: send_notification_emails.enqueue(at_once))
    return made


def notification_open(*, notification: Notification, by) -> Notification:
    """The recipient opened it: it is read from now on."""
    if notification.recipient_id != by.pk:
        raise ActionRefused
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, by) -> int:
    """Every unread notification of `by` is read; how many were unread."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_set(*, user, by, chosen: dict[str, str]) -> None:
    """How often `user` is emailed about each kind named in `chosen`: only `user` chooses, or
    the holder of an unsubscribe link (`by=None`, see notifications.unsubscribe). A kind set
    back to its default keeps no row."""
    if by is not None and by.pk != user.pk:
        raise ActionRefused
    for kind, frequency in chosen.items():
        if kind not in Kind.values or frequency not in Frequency.values:
            raise ActionRefused
        if frequency == DEFAULT_FREQUENCY[kind]:
            NotificationPreference.objects.filter(user=user, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"frequency": frequency}
            )


@transaction.atomic
def notifications_erase_all_of(*, user) -> None:
    """What `user` followed, was told and chose: gone with their account."""
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    user.notification_digests.all().delete()
