"""Remind residents whose result report is due soon (daily, scheduled in kernel/schedule.py)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from pilots.services import report_send_reminders


class Command(BaseCommand):
    help = "Email the proposers of funded pilots whose result report is due within 14 days."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=14)

    def handle(self, *args, days_before, **options):
        sent = report_send_reminders(today=timezone.localdate(), days_before=days_before)
        self.stdout.write(f"{sent} reminder(s) queued.")
