"""`manage.py grants_erase_bank_details`: erase settled bank details (part of apply_retention)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from grants.sepa import bank_details_erase_settled


class Command(BaseCommand):
    help = (
        "Erase the account numbers of SEPA payments the bank paid more than "
        "GRANTS_BANK_DETAILS_RETENTION_DAYS ago; finance keeps the masked account."
    )

    def handle(self, *args, **options):
        erased = bank_details_erase_settled()
        self.stdout.write(
            f"bank details erased for {erased} grants "
            f"(paid more than {settings.GRANTS_BANK_DETAILS_RETENTION_DAYS} days ago)"
        )
