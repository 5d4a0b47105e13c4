"""Emails about moderation, each in its recipient's language: the pilot's proposer and
co-proposers hear of what a moderator did to their public proposal; an author hears what a
moderator did to their comment. Who hears of a new comment is the notifications app's
(discussions.events)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.emails import on_site_url
from discussions.models import Comment
from discussions.selectors import thread_url


def _email(user, name: str, context: dict) -> None:
    """discussions/email/<name>_subject.txt and _body.txt to `user`, in their language."""
    with translation.override(user.language):
        context = {**context, "recipient": user}
        subject = render_to_string(f"discussions/email/{name}_subject.txt", context)
        body = render_to_string(f"discussions/email/{name}_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def notify_moderation(comment: Comment, action: str) -> None:
    """The comment's author hears what a coordinator did to it, and why."""
    from discussions.models import CommentingBan
    from discussions.moderation import BANNED, DISMISSED, HIDDEN

    user = comment.author
    if not user.is_active or not user.email:
        return
    with translation.override(user.language):  # the link in the author's language
        url = on_site_url(thread_url(comment) or "/")
    _email(
        user,
        "moderation",
        {
            "comment": comment,
            "pilot": comment.pilot,
            "hidden": action == HIDDEN,
            "dismissed": action == DISMISSED,
            "ban": CommentingBan.objects.filter(user=user).first() if action == BANNED else None,
            "url": url,
        },
    )


def notify_proposal_moderation(pilot, action: str) -> None:
    """The proposal's team hears that a moderator hid it (with the grounds) or showed it
    again."""
    from discussions.moderation import PROPOSAL_HIDDEN

    for user in pilot.team_members():
        if not user.is_active:
            continue
        with translation.override(user.language):  # the link in the recipient's language
            url = on_site_url(reverse("pilots:proposal_detail", args=[pilot.pk]))
        _email(
            user,
            "proposal_moderation",
            {"pilot": pilot, "hidden": action == PROPOSAL_HIDDEN, "url": url},
        )
