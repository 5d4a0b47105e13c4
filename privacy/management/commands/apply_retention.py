"""`manage.py apply_retention`: erase personal data past its retention period (daily, worker).

Drafts never submitted go after PILOTS_DRAFT_RETENTION_DAYS; bank details of settled SEPA
payments after GRANTS_BANK_DETAILS_RETENTION_DAYS; invitations to co-propose once their link has
expired or their proposal was decided on.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from grants.sepa import bank_details_erase_settled
from pilots.co_proposers import invitations_erase_stale
from pilots.services import pilot_erase_stale_drafts


class Command(BaseCommand):
    help = (
        "Erase stale draft proposals, settled bank details and stale invitations after their "
        "retention periods."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        drafts = pilot_erase_stale_drafts(now=now)
        bank_details = bank_details_erase_settled(now=now)
        invitations = invitations_erase_stale(now=now)
        self.stdout.write(
            f"{drafts} stale drafts deleted; bank details erased for {bank_details} grants; "
            f"{invitations} stale invitations deleted."
        )
