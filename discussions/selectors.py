"""Reads of the discussions, with their query shape decided here: a thread costs the same few
queries whatever number of comments and replies it has."""

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.urls import reverse
from django.utils.translation import get_language

from discussions.models import Comment, CommentReport, ProposalReport, Thread
from pilots.models import Pilot, PilotStoryPage


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


def moderation_queue() -> list[Comment]:
    """What waits for a coordinator: comments with open reports or held, the held first, then
    the most reported, the oldest first; each with `open_report_count` and its open reports
    (`open_reports`, with their reporters): two queries."""
    open_reports = CommentReport.objects.filter(resolved_at__isnull=True).select_related("reporter")
    return list(
        Comment.objects.annotate(
            open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
        .filter(Q(open_report_count__gt=0) | Q(held_at__isnull=False, hidden_at__isnull=True))
        .select_related("pilot", "author")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by(
            Case(When(held_at__isnull=False, hidden_at__isnull=True, then=0), default=1),
            "-open_report_count",
            "created_at",
        )
    )


def proposal_moderation_queue() -> list[Pilot]:
    """Public proposals with open reports or held, in the order of `moderation_queue`, each with
    `open_report_count` and `open_reports`: two queries."""
    open_reports = ProposalReport.objects.filter(resolved_at__isnull=True)
    return list(
        Pilot.objects.annotate(
            open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
        .filter(
            Q(open_report_count__gt=0)
            | Q(proposal_held_at__isnull=False, proposal_hidden_at__isnull=True)
        )
        .select_related("area", "proposer")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by(
            Case(
                When(proposal_held_at__isnull=False, proposal_hidden_at__isnull=True, then=0),
                default=1,
            ),
            "-open_report_count",
            "submitted_at",
        )
    )


def reports_by(user):
    """Every comment report `user` made, for their data download."""
    return (
        CommentReport.objects.filter(reporter=user).select_related("comment").order_by("created_at")
    )


def proposal_reports_by(user):
    """Every proposal report `user` made, for their data download."""
    return ProposalReport.objects.filter(reporter=user).order_by("created_at")
