"""Writing, editing and deleting comments; each checks who may, then acts.

Who may comment is the rule of supports (pilots.supports): a signed-in account with a verified
email address, on a proposal shown publicly or a published story. City staff answer in the
city's name, so their accounts need no verification here. An author edits their comment for
COMMENT_EDIT_MINUTES and deletes it at any time: a comment with replies leaves "comment removed"
in its place, so the replies keep their context; one without replies goes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_city_staff
from discussions.errors import CommentRefused
from discussions.events import comment_posted
from discussions.models import COMMENT_MAX_LENGTH, AuthorRole, Comment, CommentingBan, Thread
from pilots.models import Pilot, PilotStoryPage

LOG_IN = _("Log in to comment.")


def thread_is_open(pilot: Pilot, thread: str) -> bool:
    """A proposal's thread while it is shown publicly; a story's while the story is live."""
    if thread == Thread.PROPOSAL:
        return pilot.is_public_proposal
    return PilotStoryPage.objects.live().filter(pilot=pilot).exists()


def comment_refusal(user, pilot: Pilot, thread: str, *, open_thread: bool | None = None) -> str:
    """Why `user` cannot comment on this thread now, or "" when they can (the page says it
    instead of offering the form; `comment_add` refuses with the same words). `open_thread`
    is the caller's answer to `thread_is_open` when it knows it already."""
    if not user.is_authenticated:
        return LOG_IN
    if not (thread_is_open(pilot, thread) if open_thread is None else open_thread):
        return CommentRefused.default_message
    if not user.has_verified_email() and not is_city_staff(user):
        return _("Confirm your email address first: then you can comment.")
    if CommentingBan.objects.filter(user=user).exists():
        return _("A moderator has stopped you from commenting.")
    return ""


def _author_role(user, pilot: Pilot) -> str:
    if pilot.is_participant(user):
        return AuthorRole.TEAM
    if is_city_staff(user):
        return AuthorRole.STAFF
    return AuthorRole.RESIDENT


def _clean_body(body: str) -> str:
    # A browser sends a textarea's line breaks as CRLF; one kind is kept.
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentRefused(_("Write your comment first."))
    if "\x00" in body:  # no text a person types; PostgreSQL cannot store it in text
        raise CommentRefused
    if len(body) > COMMENT_MAX_LENGTH:
        raise CommentRefused(
            _("A comment is at most %(limit)s characters long.") % {"limit": COMMENT_MAX_LENGTH}
        )
    return body


@transaction.atomic
def comment_add(*, pilot: Pilot, thread: str, by, body: str, parent: Comment | None = None):
    """`by` comments on the pilot's thread, or replies to a top comment of it (a reply to a
    reply is refused: one level only). Who hears of it is the listeners' to say
    (`comment_posted`: the notifications app tells the pilot's team, the author a reply
    answers, and those following the pilot)."""
    if thread not in Thread.values:
        raise CommentRefused
    pilot = Pilot.objects.select_related("area", "proposer").get(pk=pilot.pk)
    refusal = comment_refusal(by, pilot, thread)
    if refusal:
        raise CommentRefused(refusal)
    if parent is not None:
        if parent.pilot_id != pilot.pk or parent.thread != thread:
            raise CommentRefused
        if parent.parent_id is not None:
            raise CommentRefused(_("Reply to the first comment of the conversation."))
        if parent.is_removed or parent.is_hidden:
            raise CommentRefused(_("The comment was removed: it can no longer be replied to."))
    comment = Comment(
        pilot=pilot,
        thread=thread,
        parent=parent,
        author=by,
        author_role=_author_role(by, pilot),
        body=_clean_body(body),
    )
    try:
        comment.full_clean()
    except ValidationError as invalid:
        raise CommentRefused(" ".join(invalid.messages)) from invalid
    comment.save()
    comment_posted.send(sender=Comment, comment=comment)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by, body: str) -> Comment:
    """The author corrects their comment, within COMMENT_EDIT_MINUTES of writing it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.may_be_edited_by(by):
        raise CommentRefused(_("The comment can no longer be edited."))
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def _erase(comment: Comment) -> None:
    """Remove one comment: its text goes; the row goes too unless replies still hang on it.
    A removed top comment whose last reply goes is left with nothing to show, and goes."""
    if comment.parent_id is None and comment.replies.exists():
        comment.body = ""
        comment.removed_at = timezone.now()
        comment.save(update_fields=["body", "removed_at"])
        return
    parent = comment.parent
    comment.delete()
    if parent is not None and parent.is_removed and not parent.replies.exists():
        parent.delete()


@transaction.atomic
def comment_delete(*, comment: Comment, by) -> None:
    """The author deletes their own comment, at any time."""
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("parent").get(pk=comment.pk)
    )
    if not by.is_authenticated or comment.author_id != by.pk:
        raise CommentRefused(_("Only its author can delete a comment."))
    _erase(comment)


@transaction.atomic
def comments_remove_all_of(*, user) -> int:
    """Remove every comment `user` wrote (account deletion, when they chose so); how many."""
    removed = 0
    # Replies first: a top comment is then erased knowing whether replies still hang on it.
    for reply in Comment.objects.filter(author=user, parent__isnull=False).select_related("parent"):
        _erase(reply)
        removed += 1
    for comment in Comment.objects.filter(author=user, parent__isnull=True):
        _erase(comment)
        removed += 1
    return removed
