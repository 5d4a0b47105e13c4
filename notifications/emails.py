"""The notification emails: one at once, or many in a daily or weekly digest.

Each is in its recipient's language with absolute links on `SITE_URL`, and carries the
one-click unsubscribe link for the kinds it is about, also as the `List-Unsubscribe` and
`List-Unsubscribe-Post` headers (RFC 8058) that mail clients offer as a button.

No notification is emailed twice: `emailed_at` is set in the transaction that sends it, with
its row locked, so a second run (of the task, or of `notifications_send_digests`, which the
schedule runs every hour) finds it sent; a failed send rolls back and is tried again. A
notification the recipient has read on the site is not emailed any more. A digest goes to a
user when their last one of that frequency is a day (a week) old, less an hour, so that the
hourly runs keep it at about the same time of day.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.emails import on_site_url, site_url
from notifications import selectors
from notifications.models import Digest, Frequency, Notification
from notifications.texts import notification_target, notification_text, quotable
from notifications.unsubscribe import unsubscribe_url

DIGEST_EVERY = {
    Frequency.DAILY: datetime.timedelta(days=1),
    Frequency.WEEKLY: datetime.timedelta(days=7),
}
DIGEST_SLACK = datetime.timedelta(hours=1)
# A digest lists this many; the rest wait on the notification page, which it links to.
DIGEST_MAX_ITEMS = 50


def _may_email(user) -> bool:
    # A deleted account has nobody left to tell, and its address is made up.
    return user.is_active and bool(user.email)


def _send(user, template: str, context: dict, kinds) -> None:
    """Render `template`'s subject and body in the user's language and send them."""
    with translation.override(user.language):
        unsubscribe = unsubscribe_url(user, kinds)
        context = {
            **context,
            "recipient": user,
            "unsubscribe_url": unsubscribe,
            "settings_url": site_url(reverse("notifications:settings")),
            "list_url": site_url(reverse("notifications:list")),
        }
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def _line(notification: Notification) -> dict:
    """What an email says of one notification, in the active language."""
    return {
        "text": notification_text(notification),
        "url": on_site_url(notification_target(notification)),
        "quote": notification.comment.body if quotable(notification) else "",
    }


def _unsent(queryset):
    return queryset.filter(emailed_at__isnull=True, read_at__isnull=True)


@transaction.atomic
def notification_email_send(notification_id: int) -> bool:
    """Email one notification whose kind its recipient wants at once; True if it was sent."""
    notification = (
        _unsent(Notification.objects.select_for_update(of=("self",)))
        .select_related("recipient", "pilot__area", "comment")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:  # sent, read or gone before the worker got to it
        return False
    user = notification.recipient
    wanted = selectors.frequencies_of([user.pk], notification.kind)[user.pk]
    if not _may_email(user) or wanted != Frequency.IMMEDIATELY:
        return False
    with translation.override(user.language):
        line = _line(notification)
    _send(user, "notification", {"line": line}, [notification.kind])
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def _digest_due(user, frequency: str, now: datetime.datetime) -> bool:
    last = (
        Digest.objects.filter(user=user, frequency=frequency)
        .values_list("sent_at", flat=True)
        .first()
    )
    return last is None or last <= now - DIGEST_EVERY[frequency] + DIGEST_SLACK


@transaction.atomic
def digest_send(*, user, frequency: str, now: datetime.datetime | None = None) -> int:
    """Email `user` their digest of `frequency` when it is due and has anything in it; how
    many notifications it held."""
    now = now or timezone.now()
    kinds = selectors.kinds_at(user, frequency)
    if not kinds or not _may_email(user) or not _digest_due(user, frequency, now):
        return 0
    pending = list(
        _unsent(Notification.objects.select_for_update(of=("self",)))
        .filter(recipient=user, kind__in=kinds)
        .select_related("pilot__area", "comment")
        .order_by("created_at", "pk")
    )
    if not pending:
        return 0
    shown = pending[-DIGEST_MAX_ITEMS:]
    with translation.override(user.language):
        lines = [_line(notification) for notification in shown]
    context = {
        "lines": lines,
        "weekly": frequency == Frequency.WEEKLY,
        "count": len(pending),
        "more": len(pending) - len(shown),
    }
    _send(user, "digest", context, kinds)
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
    Digest.objects.create(
        user=user, frequency=frequency, sent_at=now, notification_count=len(pending)
    )
    return len(pending)


def digests_send(now: datetime.datetime | None = None) -> dict[str, int]:
    """Every digest that is due: how many emails of each frequency were sent."""
    now = now or timezone.now()
    waiting = (
        _unsent(Notification.objects.filter(recipient__is_active=True))
        .values_list("recipient", flat=True)
        .distinct()
    )
    sent = dict.fromkeys(DIGEST_EVERY, 0)
    for user in get_user_model().objects.filter(pk__in=waiting).order_by("pk"):
        for frequency in DIGEST_EVERY:
            if digest_send(user=user, frequency=frequency, now=now):
                sent[frequency] += 1
    return sent
