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
