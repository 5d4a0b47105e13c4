"""The header's unread count and the follow button, for templates of the layers below.

`{% follow_button area=area %}`, `{% follow_button pilot=pilot %}` and
`{% follow_button pilot=page.pilot story=page %}` put the button on pilots' pages, which know
nothing of notifications (the layers run one way). An anonymous visitor gets a link to log in,
no form and no token, and the header no count (base.html asks only for a signed-in user), so
their copy of a page stays shareable (kernel.public_cache); a signed-in reader's page, with the
form and the count, is never shared.
"""

from django import template
from django.urls import reverse

from notifications import selectors, services

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    return selectors.unread_count(user) if user.is_authenticated else 0


@register.inclusion_tag("notifications/includes/follow_button.html", takes_context=True)
def follow_button(context, area=None, pilot=None, story=None):
    request = context["request"]
    user = request.user
    if area is not None:
        action = reverse("notifications:follow_area", args=[area.slug])
    elif story is not None:
        # A preview of an unpublished story (not yet saved, even) has nothing to follow yet.
        if not (story.pk and story.live):
            return {"action": ""}
        action = reverse("notifications:follow_story", args=[story.pk])
    else:
        action = reverse("notifications:follow_proposal", args=[pilot.pk])
    facts = selectors.follow_facts(user, area=area, pilot=pilot) if user.is_authenticated else None
    following = facts is not None and facts.following
    refusal = (
        ""
        if following
        else services.follow_refusal(
            user, area=area, pilot=pilot, facts=facts, story_live=story is not None
        )
    )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "action": action,
        "following": following,
        "refusal": refusal,
        "what": "area" if area is not None else "story" if story is not None else "proposal",
    }
