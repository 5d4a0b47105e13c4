"""Following an area or a pilot, the notifications it brings, and how often each kind is
emailed.

A resident follows an area (new public proposals and stories there) or a pilot (its decision,
its comments, its story: following a story is following its pilot, whose story it is). A
notification names what happened by its kind and its objects, never by a sentence: the text is
written when it is shown or emailed, in the reader's language of that moment, and a comment
that is hidden or removed is never quoted by it. Every notification is listed on the site;
the preference per kind says only how often it is also emailed (at once, in a daily or weekly
digest, never). A kind without a preference row has its default (`DEFAULT_FREQUENCY`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from discussions.models import Comment
from pilots.models import Area, Pilot


class Kind(models.TextChoices):
    COMMENT_ON_MINE = "comment_on_mine", _("A comment on my proposal or story")
    REPLY = "reply", _("A reply to my comment")
    NEW_PROPOSAL = "new_proposal", _("A new public proposal in an area I follow")
    DECISION = "decision", _("A decision on a proposal I follow")
    NEW_STORY = "new_story", _("A new story in an area or of a pilot I follow")
    FOLLOWED_COMMENT = "followed_comment", _("A comment on a proposal or story I follow")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("At once")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    NEVER = "never", _("Never")


# What is written to me, at once, as the comment emails always were; what happens around me
# in a daily digest, so that following many things does not fill the inbox.
DEFAULT_FREQUENCY = {
    Kind.COMMENT_ON_MINE: Frequency.IMMEDIATELY,
    Kind.REPLY: Frequency.IMMEDIATELY,
    Kind.NEW_PROPOSAL: Frequency.DAILY,
    Kind.DECISION: Frequency.DAILY,
    Kind.NEW_STORY: Frequency.DAILY,
    Kind.FOLLOWED_COMMENT: Frequency.DAILY,
}


class Follow(models.Model):
    """One user follows one area or one pilot: exactly one of the two, once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("area"),
    )
    pilot = models.ForeignKey(
        Pilot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("pilot"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=True, pilot__isnull=False)
                | Q(area__isnull=False, pilot__isnull=True),
                name="follow_an_area_or_a_pilot",
            ),
            models.UniqueConstraint(
                fields=["user", "area"], condition=Q(area__isnull=False), name="follow_area_once"
            ),
            models.UniqueConstraint(
                fields=["user", "pilot"],
                condition=Q(pilot__isnull=False),
                name="follow_pilot_once",
            ),
        ]

    def __str__(self):
        target = f"area {self.area_id}" if self.area_id else f"pilot {self.pilot_id}"
        return f"{self.user_id} → {target}"


class Notification(models.Model):
    """Something happened that `recipient` wants to know: `kind` on `pilot` (and `comment`).

    `emailed_at` records that it went out, alone or in a digest, so no run sends it twice.
    A deleted comment takes its notifications with it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="+", verbose_name=_("pilot")
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.kind} {self.pilot_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How often `user` is emailed about one kind, when it is not the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    frequency = models.CharField(_("email"), max_length=12, choices=Frequency.choices)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.frequency}"


class Digest(models.Model):
    """A daily or weekly digest sent to `user`: when the next one is due is counted from it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_digests",
        verbose_name=_("user"),
    )
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    notification_count = models.PositiveIntegerField(_("notifications"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        indexes = [models.Index(fields=["user", "frequency", "-sent_at"], name="digest_latest")]

    def __str__(self):
        return f"{self.user_id}: {self.frequency} {self.sent_at:%Y-%m-%d}"
