"""`manage.py notifications_send_digests`: the daily and weekly digests that are due.

Safe to run twice (kernel.schedule runs it every hour): a notification emailed once is marked
so in the same transaction, and a user's next digest waits until their last one is old enough
(notifications.emails).
"""

from django.core.management.base import BaseCommand

from notifications.emails import digests_send


class Command(BaseCommand):
    help = "Send the daily and weekly notification digests that are due."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"Digests sent: {sent['daily']} daily, {sent['weekly']} weekly.")
