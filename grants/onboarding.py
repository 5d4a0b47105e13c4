"""The resident's side of being paid through Stripe Connect: onboarding on Stripe's pages.

The resident gets a recipient connected account the first time, then a fresh onboarding link
each time (links expire within minutes). Readiness is read from the account's transfer
capability; when it is active the grant is ready for finance to pay. After a failed payout
the same pages are where the resident corrects their bank account.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from grants import stripe_gateway
from grants.errors import PaymentRefused
from grants.lifecycle import GrantAction, grant_move
from grants.models import Grant, GrantStatus, PayoutMethod, StripeAccount
from grants.permissions import is_recipient
from grants.stripe_gateway import UNKNOWN_OUTCOMES

# The resident may (re)visit Stripe's pages before payment, and after a failed payout.
ONBOARDING_STATES = (GrantStatus.AWAITING_DETAILS, GrantStatus.READY, GrantStatus.PAYOUT_FAILED)


def _own_grant(grant: Grant, by) -> None:
    if not is_recipient(by, grant):
        raise PaymentRefused(_("Only the proposer can give the payment details."))
    if not stripe_gateway.stripe_enabled():
        raise PaymentRefused(_("Payment through Stripe is not in use in this city."))


def stripe_onboarding_url(*, grant: Grant, by, return_url: str, refresh_url: str) -> str:
    _own_grant(grant, by)
    if grant.status not in ONBOARDING_STATES:
        raise PaymentRefused(_("The payment details can no longer be changed."))
    try:
        account = StripeAccount.objects.filter(user=by).first()
        if account is None:
            remote = stripe_gateway.create_recipient_account(email=by.email, user_id=by.pk)
            account, _created = StripeAccount.objects.get_or_create(
                user=by, defaults={"account_id": remote.id}
            )
        url = stripe_gateway.onboarding_link(
            account_id=account.account_id, return_url=return_url, refresh_url=refresh_url
        )
    except UNKNOWN_OUTCOMES as error:
        raise PaymentRefused(
            _("Stripe could not be reached. Please try again in a moment.")
        ) from error
    Grant.objects.filter(pk=grant.pk).update(method=PayoutMethod.STRIPE)
    return url


@transaction.atomic
def _record_readiness(grant: Grant, account: StripeAccount, active: bool) -> Grant:
    account.transfers_active = active
    account.save(update_fields=["transfers_active", "updated_at"])
    grant = Grant.objects.select_for_update(of=("self",)).select_related("pilot").get(pk=grant.pk)
    if active and grant.status == GrantStatus.AWAITING_DETAILS:
        grant_move(grant, GrantAction.DETAILS_GIVEN, by=account.user)
    return grant


@transaction.atomic
def stripe_account_activated(*, account: StripeAccount) -> int:
    """Stripe says the account can receive transfers now (account.updated, read back from
    Stripe): the resident's Stripe grants awaiting details become ready to pay."""
    if not account.transfers_active:
        StripeAccount.objects.filter(pk=account.pk).update(transfers_active=True)
    waiting = Grant.objects.select_for_update(of=("self",)).filter(
        pilot__proposer_id=account.user_id,
        status=GrantStatus.AWAITING_DETAILS,
        method=PayoutMethod.STRIPE,
    )
    moved = 0
    for grant in waiting.select_related("pilot"):
        grant_move(grant, GrantAction.DETAILS_GIVEN, by=account.user)
        moved += 1
    return moved


def stripe_account_refresh(*, grant: Grant, by) -> Grant:
    """Ask Stripe whether the resident's account can receive transfers yet."""
    _own_grant(grant, by)
    account = StripeAccount.objects.filter(user=by).first()
    if account is None:
        return grant
    try:
        active = stripe_gateway.transfers_active(account.account_id)
    except UNKNOWN_OUTCOMES as error:
        raise PaymentRefused(
            _("Stripe could not be reached. Please try again in a moment.")
        ) from error
    return _record_readiness(grant, account, active)
