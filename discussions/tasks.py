"""Background work for discussions: thin wrappers around the moderation emails."""

from django_tasks import task


@task()
def send_moderation_email(comment_id: int, action: str) -> None:
    from discussions.models import Comment
    from discussions.notifications import notify_moderation

    comment = Comment.objects.select_related("pilot", "author").filter(pk=comment_id).first()
    if comment is not None:
        notify_moderation(comment, action)


@task()
def send_proposal_moderation_email(pilot_id: int, action: str) -> None:
    from discussions.notifications import notify_proposal_moderation
    from pilots.models import Pilot

    pilot = Pilot.objects.select_related("proposer").filter(pk=pilot_id).first()
    if pilot is not None:
        notify_proposal_moderation(pilot, action)
