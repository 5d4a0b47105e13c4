"""`manage.py grants_reconcile`: settle payments and reversals whose outcome is not known."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from grants.models import Payment, PaymentStatus, PayoutMethod, Reversal
from grants.stripe_payments import payment_reconcile
from grants.stripe_reversals import reversal_reconcile


def _stuck(model, cutoff):
    """Unknown outcomes, and claims whose worker has had time enough (it may be in flight)."""
    return model.objects.filter(status=PaymentStatus.UNKNOWN) | model.objects.filter(
        status=PaymentStatus.CLAIMED, updated_at__lte=cutoff
    )


class Command(BaseCommand):
    help = (
        "Look up payments and reversals left unknown or unfinished at Stripe, "
        "and adopt, resend or block."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=int,
            default=600,
            help="Seconds a claimed payment must have waited (it may still be in flight).",
        )

    def handle(self, *args, min_age, **options):
        cutoff = timezone.now() - datetime.timedelta(seconds=min_age)
        # A SEPA payment is "claimed" until the bank answers: that is finance's, not Stripe's.
        payments = _stuck(Payment, cutoff).filter(method=PayoutMethod.STRIPE)
        for payment in payments.select_related("grant").order_by("pk"):
            result = payment_reconcile(payment=payment)
            self.stdout.write(f"payment {payment.pk}: {result.get_status_display()}")
        for reversal in _stuck(Reversal, cutoff).select_related("payment").order_by("pk"):
            result = reversal_reconcile(reversal=reversal)
            self.stdout.write(f"reversal {reversal.pk}: {result.get_status_display()}")
