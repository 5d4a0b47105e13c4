"""Reports and moderation of comments; each service checks who may, then acts.

Any signed-in reader reports another's comment once, with a reason. When
COMMENT_REPORTS_TO_HIDE readers have reported it, the comment is held: the public page shows
"Held for moderation" in its place until a coordinator looks. A coordinator hides it with
grounds (the page then shows them in place of the text), restores it, dismisses the reports,
or stops its author from commenting (CommentingBan); each action is in Wagtail's audit log and
the author is told by email. Saving the comment purges the pages that show it
(pilotsite.purges), as a comment's edit does.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from discussions.errors import CommentRefused
from discussions.models import Comment, CommentingBan, CommentReport, ReportReason
from discussions.permissions import may_moderate
from discussions.tasks import send_moderation_email

HIDDEN = "discussions.comment_hidden"
RESTORED = "discussions.comment_restored"
DISMISSED = "discussions.reports_dismissed"
BANNED = "discussions.commenting_stopped"
ALLOWED = "discussions.commenting_allowed"
ACTIONS = {
    ALLOWED: _("User allowed to comment again"),
    BANNED: _("User stopped from commenting"),
    HIDDEN: _("Comment hidden by the moderator"),
    RESTORED: _("Comment restored by the moderator"),
    DISMISSED: _("Reports on a comment dismissed"),
}
NOTE_MAX_LENGTH = 500


class ModerationRefused(CommentRefused):
    default_message = _("Only a coordinator moderates comments.")


def open_reports(comment: Comment):
    return CommentReport.objects.filter(comment=comment, resolved_at__isnull=True)


@transaction.atomic
def comment_report(*, comment: Comment, by, reason: str, note: str = "") -> CommentReport:
    """`by` reports another's comment, once; enough readers' reports hold it."""
    if not by.is_authenticated:
        raise CommentRefused(_("Log in to report a comment."))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id == by.pk:
        raise CommentRefused(_("You cannot report your own comment."))
    if comment.is_removed or comment.is_hidden:
        raise CommentRefused(_("The comment is no longer shown."))
    if reason not in ReportReason.values:
        raise CommentRefused(_("Choose why you report the comment."))
    note = (note or "").replace("\x00", "").strip()[:NOTE_MAX_LENGTH]
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment, reporter=by, reason=reason, note=note
            )
    except IntegrityError as twice:
        raise CommentRefused(_("You have already reported this comment.")) from twice
    reporters = open_reports(comment).values("reporter").distinct().count()
    if comment.held_at is None and reporters >= settings.COMMENT_REPORTS_TO_HIDE:
        comment.held_at = timezone.now()
        comment.save(update_fields=["held_at"])
    return report


def _act(comment: Comment, by, action: str, grounds: str = "", tell: bool = True) -> Comment:
    open_reports(comment).update(resolved_at=timezone.now())
    log(instance=comment, action=action, user=by, data={"grounds": grounds})
    if tell:
        transaction.on_commit(lambda: send_moderation_email.enqueue(comment.pk, action))
    return comment


def _locked(comment: Comment, by) -> Comment:
    if not may_moderate(by):
        raise ModerationRefused
    return Comment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def comment_hide(*, comment: Comment, by, grounds: str) -> Comment:
    """A coordinator hides the comment; the page shows `grounds` in place of its text."""
    comment = _locked(comment, by)
    grounds = (grounds or "").replace("\x00", "").strip()
    if not grounds:
        raise CommentRefused(_("Give the grounds: the page shows them in place of the comment."))
    comment.hidden_at, comment.hidden_grounds, comment.held_at = timezone.now(), grounds, None
    comment.save(update_fields=["hidden_at", "hidden_grounds", "held_at"])
    return _act(comment, by, HIDDEN, grounds)


@transaction.atomic
def comment_restore(*, comment: Comment, by) -> Comment:
    """A coordinator shows the comment again, and its reports are resolved."""
    comment = _locked(comment, by)
    comment.hidden_at, comment.hidden_grounds, comment.held_at = None, "", None
    comment.save(update_fields=["hidden_at", "hidden_grounds", "held_at"])
    return _act(comment, by, RESTORED)


@transaction.atomic
def reports_dismiss(*, comment: Comment, by) -> Comment:
    """A coordinator finds nothing wrong: the reports are resolved and a hold is lifted (a
    hidden comment stays hidden)."""
    comment = _locked(comment, by)
    held = comment.held_at is not None
    if held:
        comment.held_at = None
        comment.save(update_fields=["held_at"])
    # The author hears of it only when their comment had been held from the public.
    return _act(comment, by, DISMISSED, tell=held)


@transaction.atomic
def commenting_stop(*, comment: Comment, by, grounds: str) -> CommentingBan:
    """A coordinator stops the comment's author from commenting (their comments stay as they
    are; each is moderated on its own). The author is told, with the grounds."""
    comment = _locked(comment, by)
    grounds = (grounds or "").replace("\x00", "").strip()
    if not grounds:
        raise CommentRefused(_("Give the grounds: they are sent to the author."))
    if comment.author_id == by.pk:
        raise CommentRefused(_("You cannot stop yourself from commenting."))
    ban, _created = CommentingBan.objects.update_or_create(
        user_id=comment.author_id, defaults={"grounds": grounds, "by": by}
    )
    log(instance=ban, action=BANNED, user=by, data={"grounds": grounds, "comment": comment.pk})
    transaction.on_commit(lambda: send_moderation_email.enqueue(comment.pk, BANNED))
    return ban


@transaction.atomic
def commenting_allow(*, ban: CommentingBan, by) -> None:
    """A coordinator lifts a ban: its user comments again."""
    if not may_moderate(by):
        raise ModerationRefused
    log(instance=ban.user, action=ALLOWED, user=by, data={"grounds": ban.grounds})
    CommentingBan.objects.filter(pk=ban.pk).delete()


def reports_remove_all_of(*, user) -> int:
    """Remove every report `user` made, and any ban on them (account deletion); how many
    reports."""
    CommentingBan.objects.filter(user=user).delete()
    removed, _kinds = CommentReport.objects.filter(reporter=user).delete()
    return removed
