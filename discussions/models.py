"""Residents' comments and questions on a public proposal or a published story, with one level
of replies.

A comment belongs to a pilot and to one of its two threads: the proposal's (while it is shown
publicly) or the story's (shared by every translation of the story, so a question asked in
Swedish is answered once for every reader). Whether its author answered as the pilot's team or
as city staff is recorded when it is written (`author_role`): the page marks it without asking
each author's roles again, and an answer stays marked as what its author was when they gave it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot

# Plain text; long enough for a question and its context, short enough to stay a comment.
COMMENT_MAX_LENGTH = 2000


class Thread(models.TextChoices):
    PROPOSAL = "proposal", _("proposal")
    STORY = "story", _("story")


class AuthorRole(models.TextChoices):
    RESIDENT = "resident", _("resident")
    TEAM = "team", _("the pilot's team")
    STAFF = "staff", _("city staff")


class Comment(models.Model):
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="comments", verbose_name=_("pilot")
    )
    thread = models.CharField(_("thread"), max_length=10, choices=Thread.choices)
    # One level: a reply's parent is always a top comment (comment_add sees to it).
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    author_role = models.CharField(
        _("written as"), max_length=10, choices=AuthorRole.choices, default=AuthorRole.RESIDENT
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # Deleted by its author while it had replies: the text is gone, its place stays.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    # Moderation: held from the public once COMMENT_REPORTS_TO_HIDE readers reported it, until a
    # coordinator looks; hidden by a coordinator, whose grounds the page shows in its place.
    held_at = models.DateTimeField(_("held for moderation at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden by the moderator at"), null=True, blank=True)
    hidden_grounds = models.TextField(_("grounds for hiding"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["pilot", "thread", "created_at"], name="comment_thread")]

    def __str__(self):
        return f"{self.author_id} → {self.pilot_id} ({self.thread})"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_held(self) -> bool:
        return self.held_at is not None and self.hidden_at is None

    def editable_until(self):
        return self.created_at + timedelta(minutes=settings.COMMENT_EDIT_MINUTES)

    def may_be_edited_by(self, user) -> bool:
        """Its author, for COMMENT_EDIT_MINUTES after writing it, while it is not removed."""
        return (
            user.is_authenticated
            and user.pk == self.author_id
            and not self.is_removed
            and timezone.now() <= self.editable_until()
        )


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    ABUSE = "abuse", _("abuse or harassment")
    PERSONAL_DATA = "personal_data", _("someone's personal data")
    OFF_TOPIC = "off_topic", _("off-topic")
    OTHER = "other", _("something else")


class Report(models.Model):
    """A reader's report that something breaks the rules, with a reason: open until a
    coordinator acts on what it reports (`resolved_at`)."""

    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class CommentReport(Report):
    """A report of a comment: one per reader and comment. Open until a coordinator hides the
    comment, restores it or dismisses the reports."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_reports",
        verbose_name=_("reported by"),
    )

    class Meta(Report.Meta):
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader_and_comment"
            )
        ]

    def __str__(self):
        return f"{self.reporter_id} → {self.comment_id} ({self.reason})"


class ProposalReport(Report):
    """A report of a public proposal: one per reader and proposal, open until a coordinator
    hides the proposal's text, restores it or dismisses the reports."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="reports", verbose_name=_("proposal")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposal_reports",
        verbose_name=_("reported by"),
    )

    class Meta(Report.Meta):
        verbose_name = _("proposal report")
        verbose_name_plural = _("proposal reports")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "reporter"], name="one_report_per_reader_and_proposal"
            )
        ]

    def __str__(self):
        return f"{self.reporter_id} → {self.pilot_id} ({self.reason})"


class CommentingBan(models.Model):
    """A coordinator stopped this user from commenting, with grounds; lifted by deleting it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="commenting_ban",
        verbose_name=_("user"),
    )
    grounds = models.TextField(_("grounds"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("stopped by"),
    )
    at = models.DateTimeField(_("stopped at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commenting ban")
        verbose_name_plural = _("commenting bans")

    def __str__(self):
        return f"{self.user_id}"
