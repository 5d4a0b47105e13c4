"""Background work for pilots: thin wrappers around notifications."""

from django_tasks import task


@task()
def send_transition_emails(transition_id: int) -> None:
    from pilots.models import PilotTransition
    from pilots.notifications import notify_transition

    notify_transition(
        PilotTransition.objects.select_related("pilot__area", "pilot__call", "pilot__proposer").get(
            pk=transition_id
        )
    )


@task()
def send_report_reminder(pilot_id: int) -> None:
    from pilots.models import Pilot
    from pilots.notifications import notify_report_due

    notify_report_due(Pilot.objects.select_related("proposer", "decision").get(pk=pilot_id))


@task()
def send_co_proposer_invitation(invitation_id: int) -> None:
    from pilots.models import CoProposerInvitation
    from pilots.notifications import notify_invitation

    invitation = (
        CoProposerInvitation.objects.select_related("pilot__area", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is not None:  # withdrawn before the worker came to it: nothing to send
        notify_invitation(invitation)
