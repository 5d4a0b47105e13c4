"""Background work for pilots: thin wrappers around notifications."""

from django_tasks import task


@task()
def send_transition_emails(transition_id: int) -> None:
    from pilots.models import PilotTransition
    from pilots.notifications import notify_transition

    notify_transition(PilotTransition.objects.select_related("pilot__area").get(pk=transition_id))
