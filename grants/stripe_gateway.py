"""The only place that talks to Stripe: a StripeClient built from settings, and the calls we make.

`STRIPE_API_BASE` points the same code at Stripe, stripe-mock or the tests' local fake.
The client retries network errors and 5xx answers itself, with the same idempotency key.
"""

import threading

import stripe
from django.conf import settings

# Stripe answered and refused: nothing was done, so a later attempt may use a new key.
DEFINITE_FAILURES = (
    stripe.InvalidRequestError,
    stripe.CardError,
    stripe.AuthenticationError,
    stripe.PermissionError,
    stripe.IdempotencyError,
)
# We do not know whether Stripe did it: only the same request with the same key may follow.
UNKNOWN_OUTCOMES = (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)


def stripe_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


_clients = threading.local()


def client() -> stripe.StripeClient:
    """This thread's client, built once per configuration: a worker thread sends thousands of
    requests, and building a client (and its HTTP session, whose connections to Stripe are
    kept open between requests) for each one costs more than the request. One per thread, as
    a requests session is not meant to be shared between threads."""
    config = (
        settings.STRIPE_SECRET_KEY,
        settings.STRIPE_API_BASE,
        settings.STRIPE_MAX_NETWORK_RETRIES,
        settings.STRIPE_TIMEOUT,
    )
    if getattr(_clients, "config", None) != config:
        api_key, api_base, retries, timeout = config
        _clients.client = stripe.StripeClient(
            api_key=api_key,
            base_addresses={"api": api_base},
            max_network_retries=retries,
            http_client=stripe.RequestsClient(timeout=timeout),
        )
        _clients.config = config
    return _clients.client


def create_recipient_account(*, email: str, user_id: int) -> stripe.Account:
    """A connected account that can only receive transfers (Stripe's recipient agreement)."""
    return client().v1.accounts.create(
        params={
            "type": "express",
            "country": "FI",
            "email": email,
            "capabilities": {"transfers": {"requested": True}},
            "tos_acceptance": {"service_agreement": "recipient"},
            "metadata": {"minipilot_user_id": str(user_id)},
        },
        options={"idempotency_key": f"minipilot-user-{user_id}-recipient-account"},
    )


def onboarding_link(*, account_id: str, return_url: str, refresh_url: str) -> str:
    """A fresh single-use link to Stripe-hosted onboarding (links expire within minutes)."""
    link = client().v1.account_links.create(
        params={
            "account": account_id,
            "type": "account_onboarding",
            "return_url": return_url,
            "refresh_url": refresh_url,
        }
    )
    return link.url


def transfers_active(account_id: str) -> bool:
    account = client().v1.accounts.retrieve(account_id).to_dict()
    return (account.get("capabilities") or {}).get("transfers") == "active"


def create_transfer(
    *,
    amount_cents: int,
    destination: str,
    transfer_group: str,
    metadata: dict,
    idempotency_key: str,
) -> stripe.Transfer:
    return client().v1.transfers.create(
        params={
            "amount": amount_cents,
            "currency": "eur",
            "destination": destination,
            "transfer_group": transfer_group,
            "metadata": metadata,
        },
        options={"idempotency_key": idempotency_key},
    )


def available_balance_cents(currency: str = "eur") -> int:
    """The platform's balance available for transfers now, in cents."""
    balance = client().v1.balance.retrieve().to_dict()
    return sum(
        item.get("amount", 0)
        for item in balance.get("available") or []
        if item.get("currency") == currency
    )


def transfers_in_group(transfer_group: str) -> list[dict]:
    """The group's transfers as {"id": …, "payment_id": …} (our metadata), for reconciliation."""
    listing = client().v1.transfers.list(params={"transfer_group": transfer_group, "limit": 100})
    return [
        {
            "id": transfer.id,
            "payment_id": (transfer.to_dict().get("metadata") or {}).get("payment_id"),
        }
        for transfer in listing.auto_paging_iter()
    ]


def read_transfer(transfer_id: str) -> dict:
    """The Minipilot payment a transfer pays and whether it has been reversed in full, read
    back from Stripe (not from a webhook body, which may be stale or out of order)."""
    transfer = client().v1.transfers.retrieve(transfer_id).to_dict()
    return {
        "payment_id": (transfer.get("metadata") or {}).get("payment_id"),
        "reversed": bool(transfer.get("reversed")),
    }


def reverse_transfer(
    *, transfer_id: str, amount_cents: int, metadata: dict, idempotency_key: str
) -> stripe.TransferReversal:
    """Take the transfer back from the connected account to the platform balance."""
    return client().v1.transfers.reversals.create(
        transfer_id,
        params={"amount": amount_cents, "metadata": metadata},
        options={"idempotency_key": idempotency_key},
    )


def reversals_of(transfer_id: str) -> list[dict]:
    """The transfer's reversals as {"id": …, "reversal_id": …} (our metadata), to reconcile."""
    listing = client().v1.transfers.reversals.list(transfer_id, params={"limit": 100})
    return [
        {
            "id": reversal.id,
            "reversal_id": (reversal.to_dict().get("metadata") or {}).get("reversal_id"),
        }
        for reversal in listing.auto_paging_iter()
    ]


def payout_status(*, payout_id: str, account_id: str) -> str:
    """A payout lives on the connected account: read its current status ("paid", "failed", …)."""
    payout = client().v1.payouts.retrieve(payout_id, options={"stripe_account": account_id})
    return payout.to_dict().get("status", "")


# Balance transactions that bring back money an earlier payout carried: a payout that holds
# one pays out transfers its own listing does not name.
RETURNED_PAYOUT_TYPES = frozenset({"payout_failure", "payout_cancel"})


def payout_transfer_ids(*, payout_id: str, account_id: str) -> list[str] | None:
    """Our transfers whose money a connected account's payout carried, or None when Stripe
    cannot tell.

    Stripe itemises automatic payouts only: their balance transactions, listed as the
    account with `payout=`, include one `payment` (py_…) per transfer received, whose
    `source_transfer` is our tr_…. A manual or instant payout, a listing Stripe refuses, a
    payment not traced to a transfer, or money returned by an earlier failed payout (whose
    transfers this listing does not name) gives None: the caller then counts every transfer
    to the account, the safe side. Stripe not answering raises, as every read here does.
    """
    options = {"stripe_account": account_id}
    try:
        payout = client().v1.payouts.retrieve(payout_id, options=options).to_dict()
        if not payout.get("automatic"):
            return None
        listing = client().v1.balance_transactions.list(
            params={"payout": payout_id, "expand": ["data.source"], "limit": 100},
            options=options,
        )
        transactions = [transaction.to_dict() for transaction in listing.auto_paging_iter()]
    except DEFINITE_FAILURES:
        return None
    transfer_ids = []
    for transaction in transactions:
        if transaction.get("type") in RETURNED_PAYOUT_TYPES:
            return None
        if transaction.get("type") != "payment":
            continue  # the payout itself, fees, a reversal's payment_refund: no grant left
        source = transaction.get("source")
        transfer = source.get("source_transfer") if isinstance(source, dict) else None
        transfer_id = transfer.get("id") if isinstance(transfer, dict) else transfer
        if not isinstance(transfer_id, str) or not transfer_id:
            return None
        transfer_ids.append(transfer_id)
    return transfer_ids
