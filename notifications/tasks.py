"""Background work for notifications: thin wrappers around the emails."""

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> None:
    from notifications.emails import notification_email_send

    for notification_id in notification_ids:
        notification_email_send(notification_id)
