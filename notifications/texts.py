"""What a notification says and where it leads, written when it is read: in the language of
that moment (the page's, or the recipient's for an email), never stored.

The sentence names the pilot and the area only; a comment's text is quoted in an email only
while the comment is shown to the public (`quotable`), so a comment hidden by the moderator,
held, or removed by its author is never repeated by a notification; nor is the title of a
proposal the moderator hid or holds.
"""

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from discussions.models import Thread
from discussions.selectors import live_story_of, thread_url
from notifications.models import Kind, Notification


def _sentence(notification: Notification) -> str:
    """The sentence with %(title)s (the pilot's, in the language it was written) and %(area)s."""
    on_story = notification.comment is not None and notification.comment.thread == Thread.STORY
    if notification.kind == Kind.COMMENT_ON_MINE:
        if on_story:
            return _("A new question or comment on the story of your pilot “%(title)s”")
        return _("A new comment on your proposal “%(title)s”")
    if notification.kind == Kind.REPLY:
        return _("A reply to your comment on “%(title)s”")
    if notification.kind == Kind.NEW_PROPOSAL:
        return _("A new proposal in %(area)s: “%(title)s”")
    if notification.kind == Kind.DECISION:
        return _("A decision on the proposal “%(title)s”")
    if notification.kind == Kind.NEW_STORY:
        return _("A new pilot story in %(area)s: “%(title)s”")
    if on_story:
        return _("A new comment on the story of “%(title)s”, which you follow")
    return _("A new comment on the proposal “%(title)s”, which you follow")


def _withheld(pilot) -> bool:
    """A proposal the moderator hid, or holds for a look: its title is not repeated either."""
    return pilot.is_proposal_hidden or pilot.is_proposal_held


WITHHELD = _lazy("title withheld by the moderator")


def notification_text(notification: Notification) -> str:
    """Plain text, for emails."""
    pilot = notification.pilot
    title = WITHHELD if _withheld(pilot) else pilot.title
    return _sentence(notification) % {"title": title, "area": pilot.area.name}


def notification_html(notification: Notification) -> SafeString:
    """For the page: the pilot's title marked with the language it was written in."""
    pilot = notification.pilot
    # The sentence is ours (translated), escaped as text; the values are escaped by format_html.
    template = (
        conditional_escape(_sentence(notification))
        .replace("{", "{{")
        .replace("}", "}}")
        .replace("%(title)s", "{title}")
        .replace("%(area)s", "{area}")
    )
    if _withheld(pilot):
        title = format_html("{}", WITHHELD)
    else:
        title = format_html('<span lang="{}">{}</span>', pilot.language, pilot.title)
    return format_html(template, title=title, area=pilot.area.name)


def quotable(notification: Notification) -> bool:
    comment = notification.comment
    return comment is not None and not (comment.is_removed or comment.is_hidden or comment.is_held)


def notification_target(notification: Notification) -> str:
    """The page the notification is about, under the active language's prefix."""
    pilot = notification.pilot
    if notification.comment is not None:
        url = thread_url(notification.comment)
        if url:
            return url
    if notification.kind == Kind.DECISION and hasattr(pilot, "decision"):
        return reverse("pilots:decision_detail", args=[pilot.decision.pk])
    if notification.kind in (Kind.NEW_STORY, Kind.FOLLOWED_COMMENT, Kind.COMMENT_ON_MINE):
        story = live_story_of(pilot.pk)
        if story is not None:
            return story.get_url()
    if pilot.is_public_proposal:
        return reverse("pilots:proposal_detail", args=[pilot.pk])
    return reverse("pilots:area_detail", args=[pilot.area.slug])
