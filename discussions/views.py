"""Posting, editing and deleting comments: plain POSTs that work without script, each calling a
service and going back to the comment on its page. The pages that show the threads are
pilots' (the proposal page, the story page), through the `discussion` template tag."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from discussions import moderation, selectors, services
from discussions.errors import CommentRefused
from discussions.forms import CommentForm
from discussions.models import Comment, Thread
from pilots.models import Pilot, PilotStoryPage


def _parent(request, pilot: Pilot, thread: str) -> Comment | None:
    value = request.POST.get("parent", "")
    if not value:
        return None
    if not value.isdigit():
        raise CommentRefused
    parent = Comment.objects.filter(pk=int(value), pilot=pilot, thread=thread).first()
    if parent is None:
        raise CommentRefused
    return parent


def _post(request, pilot: Pilot, thread: str, back: str):
    try:
        comment = services.comment_add(
            pilot=pilot,
            thread=thread,
            by=request.user,
            body=request.POST.get("body", ""),
            parent=_parent(request, pilot, thread),
        )
    except CommentRefused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    messages.success(request, _("Your comment was published."))
    return redirect(selectors.thread_url(comment) or back)


@login_required
@require_POST
@ratelimit(key="user", rate="30/h")
def proposal_comment(request, pk):
    """A comment on a public proposal, or a reply (`parent`) to one of its top comments."""
    pilot = get_object_or_404(Pilot, pk=pk)
    if not pilot.is_public_proposal:
        messages.error(request, CommentRefused.default_message)
        return redirect("pilots:proposal_list")
    return _post(request, pilot, Thread.PROPOSAL, reverse("pilots:proposal_detail", args=[pk]))


@login_required
@require_POST
@ratelimit(key="user", rate="30/h")
def story_comment(request, page_id):
    """A question or comment on a published story, or a reply to one."""
    story = get_object_or_404(PilotStoryPage.objects.live().select_related("pilot"), pk=page_id)
    return _post(request, story.pilot, Thread.STORY, story.get_url(request))


def _back(comment: Comment) -> str:
    return selectors.thread_url(comment) or "/"


@login_required
@ratelimit(key="user", rate="30/h", method="POST")
def comment_edit(request, pk):
    """The author's own comment, while it may still be edited (COMMENT_EDIT_MINUTES)."""
    comment = get_object_or_404(Comment, pk=pk)
    if not comment.may_be_edited_by(request.user):
        messages.error(request, _("The comment can no longer be edited."))
        return redirect(_back(comment))
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except CommentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your comment was saved."))
        return redirect(_back(comment))
    return render(
        request,
        "discussions/comment_edit.html",
        {"form": form, "comment": comment, "back": _back(comment)},
    )


@login_required
@require_POST
@ratelimit(key="user", rate="30/h")
def comment_delete(request, pk):
    """The author deletes their own comment."""
    comment = get_object_or_404(Comment, pk=pk)
    back = _back(comment).split("#")[0] or "/"
    try:
        services.comment_delete(comment=comment, by=request.user)
    except CommentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your comment was deleted."))
    return redirect(back)


def _report(request, report, thanks: str, **target) -> None:
    """File the reader's report (`report` is the moderation service) and tell them how it
    went."""
    try:
        report(
            by=request.user,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
            **target,
        )
    except CommentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, thanks)


@login_required
@require_POST
@ratelimit(key="user", rate="30/h")
def comment_report(request, pk):
    """A signed-in reader reports another's comment to the moderators, once."""
    comment = get_object_or_404(Comment, pk=pk)
    thanks = _("Thank you: the moderators will look at the comment.")
    _report(request, moderation.comment_report, thanks, comment=comment)
    return redirect(_back(comment))


@login_required
@require_POST
@ratelimit(key="user", rate="30/h")
def proposal_report(request, pk):
    """A signed-in reader from outside its team reports a public proposal, once."""
    pilot = get_object_or_404(Pilot, pk=pk)
    thanks = _("Thank you: the moderators will look at the proposal.")
    _report(request, moderation.proposal_report, thanks, pilot=pilot)
    if not pilot.is_public_proposal:
        return redirect("pilots:proposal_list")
    return redirect("pilots:proposal_detail", pk=pk)
