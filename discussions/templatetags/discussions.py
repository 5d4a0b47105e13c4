"""`{% discussion pilot "proposal" %}`: a pilot's thread where a page shows it;
`{% proposal_report_form pilot %}`: the form to report a public proposal to the moderators.

The proposal page and the story page are pilots', which knows nothing of discussions (the layers
run one way); their templates ask for the thread by this tag. The thread costs the same queries
whatever its length (selectors.thread_comments). An anonymous visitor gets no form and no token,
only the comments and a link to log in, so their copy of the page stays shareable
(kernel.public_cache); a signed-in reader's page, with the form, is never shared.
"""

from django import template
from django.urls import reverse

from discussions import selectors, services
from discussions.models import COMMENT_MAX_LENGTH, ReportReason, Thread
from discussions.moderation import NOTE_MAX_LENGTH

register = template.Library()


@register.simple_tag
def count_comments(pilots) -> str:
    """`{% count_comments page %}`: gives each proposal of a list its `comment_count`, from one
    query for them all (the list is pilots', which cannot ask discussions itself)."""
    pilots = list(pilots)
    counts = selectors.comment_counts([pilot.pk for pilot in pilots], Thread.PROPOSAL)
    for pilot in pilots:
        pilot.comment_count = counts.get(pilot.pk, 0)
    return ""


@register.inclusion_tag("discussions/includes/thread.html", takes_context=True)
def discussion(context, pilot, thread: str, story=None):
    request = context["request"]
    user = request.user
    comments = selectors.thread_comments(pilot.pk, thread)
    shown = 0
    for comment in comments:
        shown += 0 if comment.is_removed else 1
        for each in (comment, *comment.replies.all()):
            # What this reader may do to it: the buttons of a signed-in reader's own page.
            each.own = user.is_authenticated and each.author_id == user.pk
            each.editable = each.may_be_edited_by(user)
            # Another's comment, still shown: a signed-in reader may report it (a visitor's
            # page has no form, so its cached copy stays shareable).
            each.reportable = (
                user.is_authenticated
                and not each.own
                and not (each.is_removed or each.is_hidden or each.is_held)
            )
        shown += len(comment.replies.all())
    if thread == Thread.PROPOSAL:
        action = reverse("discussions:proposal_comment", args=[pilot.pk])
        open_thread = True  # the page is only shown for a public proposal
    else:
        # A preview of an unpublished story (not yet saved, even) takes no comments.
        open_thread = bool(story.pk) and story.live
        action = reverse("discussions:story_comment", args=[story.pk]) if story.pk else ""
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "pilot": pilot,
        "thread": thread,
        "comments": comments,
        "count": shown,
        "action": action,
        "refusal": services.comment_refusal(user, pilot, thread, open_thread=open_thread),
        "max_length": COMMENT_MAX_LENGTH,
        "report_reasons": ReportReason.choices,
        "report_note_max": NOTE_MAX_LENGTH,
    }


@register.inclusion_tag("discussions/includes/proposal_report.html", takes_context=True)
def proposal_report_form(context, pilot):
    """For a signed-in reader outside the proposal's team, while its text is shown; nothing for
    a visitor, so the page's shared copy stays without a form."""
    user = context["request"].user
    reportable = (
        user.is_authenticated and not pilot.is_proposal_hidden and not pilot.is_participant(user)
    )
    return {
        "csrf_token": context.get("csrf_token"),
        "pilot": pilot,
        "reportable": reportable,
        "report_reasons": ReportReason.choices,
        "report_note_max": NOTE_MAX_LENGTH,
    }
