"""`manage.py grants_reconcile`: settle payments whose outcome is not known."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from grants.models import Payment, PaymentStatus
from grants.services import payment_reconcile


class Command(BaseCommand):
    help = "Look up payments left unknown or unfinished at Stripe, and adopt, resend or block."

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=int,
            default=600,
            help="Seconds a claimed payment must have waited (it may still be in flight).",
        )

    def handle(self, *args, min_age, **options):
        cutoff = timezone.now() - datetime.timedelta(seconds=min_age)
        stuck = Payment.objects.filter(status=PaymentStatus.UNKNOWN) | Payment.objects.filter(
            status=PaymentStatus.CLAIMED, updated_at__lte=cutoff
        )
        for payment in stuck.select_related("grant").order_by("pk"):
            result = payment_reconcile(payment=payment)
            self.stdout.write(f"payment {payment.pk}: {result.get_status_display()}")
