"""Reports and moderation of comments and of public proposals; each service checks who may,
then acts.

Any signed-in reader reports another's comment once, with a reason. When
COMMENT_REPORTS_TO_HIDE readers have reported it, the comment is held: the public page shows
"Held for moderation" in its place until a coordinator looks. A coordinator hides it with
grounds (the page then shows them in place of the text), restores it, dismisses the reports,
or stops its author from commenting (CommentingBan); each action is in Wagtail's audit log and
the author is told by email. Saving the comment purges the pages that show it
(pilotsite.purges), as a comment's edit does.

A public proposal is reported the same way by anyone outside its team (PROPOSAL_REPORTS_TO_HIDE
holds it: it leaves the lists and its page shows "Held for moderation" in place of its text),
and a coordinator hides it with grounds, restores it or dismisses the reports; its proposer and
co-proposers are told. Only the proposal's public showing is moderated: the director still
decides on it as on any other.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from discussions.errors import CommentRefused
from discussions.models import (
    Comment,
    CommentingBan,
    CommentReport,
    ProposalReport,
    ReportReason,
)
from discussions.permissions import may_moderate
from discussions.tasks import send_moderation_email, send_proposal_moderation_email
from pilots.models import Pilot

HIDDEN = "discussions.comment_hidden"
RESTORED = "discussions.comment_restored"
DISMISSED = "discussions.reports_dismissed"
BANNED = "discussions.commenting_stopped"
ALLOWED = "discussions.commenting_allowed"
PROPOSAL_HIDDEN = "discussions.proposal_hidden"
PROPOSAL_RESTORED = "discussions.proposal_restored"
PROPOSAL_DISMISSED = "discussions.proposal_reports_dismissed"
ACTIONS = {
    ALLOWED: _("User allowed to comment again"),
    BANNED: _("User stopped from commenting"),
    HIDDEN: _("Comment hidden by the moderator"),
    RESTORED: _("Comment restored by the moderator"),
    DISMISSED: _("Reports on a comment dismissed"),
    PROPOSAL_HIDDEN: _("Public proposal hidden by the moderator"),
    PROPOSAL_RESTORED: _("Public proposal restored by the moderator"),
    PROPOSAL_DISMISSED: _("Reports on a public proposal dismissed"),
}
NOTE_MAX_LENGTH = 500


class ModerationRefused(CommentRefused):
    default_message = _("Only a coordinator moderates comments and proposals.")


def open_reports(comment: Comment):
    return CommentReport.objects.filter(comment=comment, resolved_at__isnull=True)


def open_proposal_reports(pilot: Pilot):
    return ProposalReport.objects.filter(pilot=pilot, resolved_at__isnull=True)


def _cleaned(text: str) -> str:
    return (text or "").replace("\x00", "").strip()


def _grounds(text: str, missing) -> str:
    grounds = _cleaned(text)
    if not grounds:
        raise CommentRefused(missing)
    return grounds


def _file_report(model, *, reason: str, note: str, unclear, twice, **about):
    """One reader's report of what `about` names, with a reason; refused a second time."""
    if reason not in ReportReason.values:
        raise CommentRefused(unclear)
    try:
        with transaction.atomic():
            return model.objects.create(
                reason=reason, note=_cleaned(note)[:NOTE_MAX_LENGTH], **about
            )
    except IntegrityError as again:
        raise CommentRefused(twice) from again


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
    report = _file_report(
        CommentReport,
        reason=reason,
        note=note,
        unclear=_("Choose why you report the comment."),
        twice=_("You have already reported this comment."),
        comment=comment,
        reporter=by,
    )
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


def _act_on_proposal(pilot: Pilot, by, action: str, grounds: str = "", tell=True) -> Pilot:
    open_proposal_reports(pilot).update(resolved_at=timezone.now())
    log(instance=pilot, action=action, user=by, data={"grounds": grounds})
    if tell:
        transaction.on_commit(lambda: send_proposal_moderation_email.enqueue(pilot.pk, action))
    return pilot


def _locked(comment: Comment, by) -> Comment:
    if not may_moderate(by):
        raise ModerationRefused
    return Comment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def comment_hide(*, comment: Comment, by, grounds: str) -> Comment:
    """A coordinator hides the comment; the page shows `grounds` in place of its text."""
    comment = _locked(comment, by)
    grounds = _grounds(grounds, _("Give the grounds: the page shows them in place of the comment."))
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
    grounds = _grounds(grounds, _("Give the grounds: they are sent to the author."))
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


@transaction.atomic
def proposal_report(*, pilot: Pilot, by, reason: str, note: str = "") -> ProposalReport:
    """`by`, from outside the proposal's team, reports a public proposal, once; enough
    readers' reports hold it."""
    if not by.is_authenticated:
        raise CommentRefused(_("Log in to report a proposal."))
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if not pilot.is_public_proposal or pilot.is_proposal_hidden:
        raise CommentRefused(_("The proposal is not shown publicly."))
    if pilot.is_participant(by):
        raise CommentRefused(_("You cannot report your own proposal."))
    report = _file_report(
        ProposalReport,
        reason=reason,
        note=note,
        unclear=_("Choose why you report the proposal."),
        twice=_("You have already reported this proposal."),
        pilot=pilot,
        reporter=by,
    )
    reporters = open_proposal_reports(pilot).count()  # one report per reader
    if pilot.proposal_held_at is None and reporters >= settings.PROPOSAL_REPORTS_TO_HIDE:
        pilot.proposal_held_at = timezone.now()
        pilot.save(update_fields=["proposal_held_at"])
    return report


def _locked_proposal(pilot: Pilot, by) -> Pilot:
    if not may_moderate(by):
        raise ModerationRefused
    return Pilot.objects.select_for_update().get(pk=pilot.pk)


def _show_proposal(pilot: Pilot, *, hidden_at=None, grounds: str = "") -> None:
    pilot.proposal_hidden_at, pilot.proposal_hidden_grounds = hidden_at, grounds
    pilot.proposal_held_at = None
    pilot.save(update_fields=["proposal_hidden_at", "proposal_hidden_grounds", "proposal_held_at"])


@transaction.atomic
def proposal_hide(*, pilot: Pilot, by, grounds: str) -> Pilot:
    """A coordinator hides the public proposal's text; its page shows `grounds` instead."""
    pilot = _locked_proposal(pilot, by)
    grounds = _grounds(grounds, _("Give the grounds: the page shows them in place of the text."))
    _show_proposal(pilot, hidden_at=timezone.now(), grounds=grounds)
    return _act_on_proposal(pilot, by, PROPOSAL_HIDDEN, grounds)


@transaction.atomic
def proposal_restore(*, pilot: Pilot, by) -> Pilot:
    """A coordinator shows the proposal again, and its reports are resolved."""
    pilot = _locked_proposal(pilot, by)
    _show_proposal(pilot)
    return _act_on_proposal(pilot, by, PROPOSAL_RESTORED)


@transaction.atomic
def proposal_reports_dismiss(*, pilot: Pilot, by) -> Pilot:
    """A coordinator finds nothing wrong: the reports are resolved and a hold is lifted (a
    hidden proposal stays hidden)."""
    pilot = _locked_proposal(pilot, by)
    held = pilot.proposal_held_at is not None
    if held:
        pilot.proposal_held_at = None
        pilot.save(update_fields=["proposal_held_at"])
    return _act_on_proposal(pilot, by, PROPOSAL_DISMISSED, tell=held)


def reports_remove_all_of(*, user) -> int:
    """Remove every report `user` made, and any ban on them (account deletion); how many
    reports."""
    CommentingBan.objects.filter(user=user).delete()
    removed, _kinds = CommentReport.objects.filter(reporter=user).delete()
    proposals, _kinds = ProposalReport.objects.filter(reporter=user).delete()
    return removed + proposals
