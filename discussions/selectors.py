"""Reads of the discussions, with their query shape decided here: a thread costs the same few
queries whatever number of comments and replies it has."""

from django.db.models import Case, Count, Prefetch, QuerySet, When
from django.urls import reverse
from django.utils.translation import get_language

from discussions.models import Comment, Thread
from pilots.models import PilotStoryPage


def thread_comments(pilot_id: int, thread: str) -> list[Comment]:
    """The thread's top comments, oldest first, each with its replies (`replies.all()`) and
    every author: two queries."""
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    return list(
        Comment.objects.filter(pilot_id=pilot_id, thread=thread, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )


def comment_counts(pilot_ids, thread: str) -> dict[int, int]:
    """How many comments each pilot's thread shows (a removed one's place is not counted): one
    query for a page of pilots."""
    rows = (
        Comment.objects.filter(pilot_id__in=pilot_ids, thread=thread, removed_at__isnull=True)
        .values("pilot_id")
        .annotate(count=Count("pk"))
        .values_list("pilot_id", "count")
    )
    return dict(rows)


def live_story_of(pilot_id: int) -> PilotStoryPage | None:
    """The pilot's live story, in the reader's language when it has one."""
    return (
        PilotStoryPage.objects.live()
        .filter(pilot_id=pilot_id)
        .order_by(Case(When(locale__language_code=get_language(), then=0), default=1), "pk")
        .first()
    )


def thread_url(comment: Comment) -> str:
    """Where the comment is read: its proposal's page, or its story's; "" when neither is
    public any more."""
    anchor = f"#comment-{comment.pk}" if comment.pk else ""
    if comment.thread == Thread.PROPOSAL:
        return reverse("pilots:proposal_detail", args=[comment.pilot_id]) + anchor
    story = live_story_of(comment.pilot_id)
    return story.get_url() + anchor if story else ""


def comments_by(user) -> QuerySet[Comment]:
    """Everything `user` wrote, for their data download."""
    return Comment.objects.filter(author=user).select_related("pilot").order_by("created_at")
