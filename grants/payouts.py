"""After the transfer: Stripe's payouts from the resident's Stripe balance to their bank.

A cancellation needs to know whether the money has left: a grant whose payout is paid can
no longer be reversed, only reclaimed. Where Stripe tells which transfers a payout carried
(`transfer_ids`), only those grants are marked; where it does not, every grant transferred to
the account counts as having left, the safe side (cancelling then asks the city to reclaim
instead of reversing).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.lifecycle import GrantAction, grant_move
from grants.models import REVERSIBLE_STATES, Grant, GrantStatus, PaymentStatus, PayoutMethod


def _transferred(account_id: str, transfer_ids: Iterable[str] | None):
    """Grants paid by a transfer to this connected account (only these transfers, if named)."""
    grants = Grant.objects.filter(
        payments__destination=account_id,
        payments__status=PaymentStatus.SUCCEEDED,
        method=PayoutMethod.STRIPE,
    )
    if transfer_ids is not None:
        grants = grants.filter(payments__stripe_transfer_id__in=list(transfer_ids))
    return grants


@transaction.atomic
def grant_payout_paid(*, account_id: str, transfer_ids: Iterable[str] | None = None) -> int:
    """payout.paid: paid or payout failed → paid, with the time recorded; repeating changes
    nothing. Returns the number of grants marked."""
    grants = list(
        _transferred(account_id, transfer_ids)
        .filter(status__in=REVERSIBLE_STATES, payout_paid_at__isnull=True)
        .select_for_update(of=("self",))
    )
    for grant in grants:
        grant.payout_paid_at = timezone.now()
        grant_move(grant, GrantAction.PAYOUT_PAID, also=("payout_paid_at",))
    return len(grants)


@transaction.atomic
def grant_payout_failed(*, account_id: str, transfer_ids: Iterable[str] | None = None) -> int:
    """payout.failed: the resident's bank refused Stripe's payout; the money is back on their
    Stripe balance. paid → payout failed, and the resident is asked to fix their bank details
    on Stripe. A grant whose payout has already been paid never moves back."""
    grants = list(
        _transferred(account_id, transfer_ids)
        .filter(status=GrantStatus.PAID, payout_paid_at__isnull=True)
        .select_for_update(of=("self",))
    )
    for grant in grants:
        grant_move(
            grant,
            GrantAction.PAYOUT_FAILED,
            note=_(
                "Stripe could not pay the grant out to the resident's bank. The resident has "
                "been asked to correct their bank details on Stripe; Stripe then pays out "
                "again. Nothing for finance to do."
            ),
        )
    return len(grants)
