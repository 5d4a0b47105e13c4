"""Paying a grant exactly once through Stripe Connect, and settling what is not known.

The order is what makes it safe:
1. `grant_claim_payment` commits a Payment row with a deterministic idempotency key (one
   active payment per grant, enforced by the database) before anything leaves the building;
2. `payment_submit` calls Stripe outside any transaction, with that key and the same
   parameters every time, so a retry can never make a second transfer;
3. `payment_settle` records the transfer and marks the grant paid in one transaction (the
   pilot becomes funded through `grants.events.grants_paid`);
4. an outcome that is not known (timeout, connection reset, 5xx after the client's own
   retries) is left for `payment_reconcile` (grants.stripe_calls): Stripe's transfers for the
   grant's group are listed, and the transfer found is adopted, or the request is sent again.

A payment run does the same a chunk at a time: `grants_claim_payments` claims the chunk,
`payments_submit` sends its requests together (grants.stripe_calls.stripe_send_many) and
`payments_settle` settles the transfers made in one transaction.

A recipient whose Stripe account cannot receive transfers is not a blocked payment but a
step back: the grant returns to "awaiting details" and the resident is emailed a way back to
Stripe's onboarding. A refusal (the city's balance ran out, say) blocks the grant with
Stripe's words; finance releases it after a check (`grant_release`), and "Pay all" takes the
grants blocked for lack of balance by itself once the balance covers them.
"""

import logging
from collections.abc import Sequence
from functools import partial

import stripe
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import stripe_gateway
from grants.errors import PaymentRefused
from grants.lifecycle import GrantAction, grant_move, grant_move_many
from grants.models import (
    ACTIVE_PAYMENT_STATES,
    Grant,
    GrantStatus,
    Payment,
    PaymentStatus,
    PayoutMethod,
    StripeAccount,
)
from grants.permissions import may_pay
from grants.stripe_calls import (
    Reconciliation,
    stripe_ask_again,
    stripe_reconcile,
    stripe_send,
    stripe_send_many,
    unrecorded,
)
from pilots.models import Pilot

logger = logging.getLogger(__name__)

# Stripe's code for a destination whose transfers capability is not active.
NOT_READY_CODE = "insufficient_capabilities_for_transfer"
BALANCE_CODE = "balance_insufficient"


def grant_claim_payment(*, grant: Grant, by, run=None) -> Payment:
    """Commit the payment and its idempotency key; the grant is now "payment in progress".

    `run` groups the payments finance starts together, for their progress page. A recipient
    whose Stripe account cannot receive transfers is sent back to onboarding (that much is
    committed), and finance is told why nothing was paid.
    """
    payments, refusals = grants_claim_payments(keys=[grant.pk], by=by, run=run)
    if not payments:
        raise PaymentRefused(refusals[grant.pk])
    return payments[0]


@transaction.atomic
def grants_claim_payments(
    *, keys: Sequence[int], by, run=None, skip_locked: bool = False
) -> tuple[list[Payment], dict[int, str]]:
    """Claim a payment for each of these grants that may be paid: one grant ("Pay"), or a
    payment run's chunk, with one query each for the locks, the earlier payments and the
    accounts, and one write each for the payments and the grants' move (`grant_move_many`).

    Returns the payments, and why each grant not claimed was not (a recipient whose account
    cannot receive transfers is sent back to onboarding, committed with the rest). With
    `skip_locked`, grants another claimer holds at this moment are left to it.
    """
    if not may_pay(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    grants = list(
        Grant.objects.select_for_update(of=("self",), skip_locked=skip_locked)
        .select_related("pilot")
        .filter(pk__in=keys)
        .order_by("pk")
    )
    # One read answers both "is one open or done?" and "which attempt is this?".
    earlier: dict[int, list[str]] = {grant.pk: [] for grant in grants}
    for grant_id, status in Payment.objects.filter(grant__in=grants).values_list(
        "grant_id", "status"
    ):
        earlier[grant_id].append(status)
    refusals: dict[int, str] = {}
    payable = []
    for grant in grants:
        if any(status in ACTIVE_PAYMENT_STATES for status in earlier[grant.pk]):
            refusals[grant.pk] = _("A payment for this grant is already open or done.")
        elif grant.status != GrantStatus.READY:
            refusals[grant.pk] = _("This grant cannot be paid now: it is “%(status)s”.") % {
                "status": grant.get_status_display()
            }
        else:
            payable.append(grant)
    # The oldest active account of each recipient (read last, so that it comes out on top).
    accounts = dict(
        StripeAccount.objects.filter(
            user_id__in={grant.pilot.proposer_id for grant in payable}, transfers_active=True
        )
        .order_by("-pk")
        .values_list("user_id", "account_id")
    )
    claimable = []
    for grant in payable:
        if grant.pilot.proposer_id in accounts:
            claimable.append(grant)
        else:
            _send_back_to_onboarding(grant)
            refusals[grant.pk] = _recipient_not_ready()
    payments = Payment.objects.bulk_create(
        _payment(
            grant,
            accounts[grant.pilot.proposer_id],
            by,
            run,
            attempt=len(earlier[grant.pk]) + 1,
        )
        for grant in claimable
    )
    grant_move_many(claimable, GrantAction.CLAIM, by=by)
    return payments, refusals


def _payment(grant: Grant, destination: str, by, run, attempt: int) -> Payment:
    return Payment(
        grant=grant,
        method=PayoutMethod.STRIPE,
        idempotency_key=f"minipilot-grant-{grant.pk}-attempt-{attempt}",
        amount_cents=grant.amount_cents,
        destination=destination,
        requested_by=by,
        run=run,
    )


def _recipient_not_ready() -> str:
    return _(
        "The recipient's Stripe account cannot receive transfers yet, so nothing was paid. "
        "The grant is back to awaiting details and the resident has been emailed a link to "
        "finish Stripe's set-up; it becomes ready to pay again when Stripe says so."
    )


def _send_back_to_onboarding(grant: Grant) -> None:
    """The grant (locked by the caller) waits for the resident to finish Stripe's set-up."""
    StripeAccount.objects.filter(user_id=grant.pilot.proposer_id).update(transfers_active=False)
    grant_move(
        grant, GrantAction.DETAILS_NEEDED, note=_recipient_not_ready(), email="stripe_not_ready"
    )


@transaction.atomic
def grant_release(*, grant: Grant, by, note: str) -> Grant:
    """blocked → ready: finance has checked why Stripe refused (its note says what it found)
    and lets the grant be paid again, by "Pay" or by the next "Pay all"."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    note = (note or "").strip()
    if not note:
        raise PaymentRefused(_("Say what you checked: it stays in the grant's history."))
    if grant.payments.filter(status__in=ACTIVE_PAYMENT_STATES).exists():
        raise PaymentRefused(_("A payment for this grant is already open or done."))
    # What finance checked stays in the grant's history; the ready grant carries no note.
    return grant_move(grant, GrantAction.RELEASE, by=by, history=note)


def grant_pay(*, grant: Grant, by) -> Payment:
    """Pay an approved grant that is ready: claim the payment, then send it to Stripe."""
    return payment_submit(payment=grant_claim_payment(grant=grant, by=by))


def payment_submit(*, payment: Payment) -> Payment:
    """Send the stored transfer request to Stripe, with its key, and record what came back."""
    return stripe_send(
        payment,
        partial(_transfer_request, payment),
        refused=_fail,
        settled=lambda payment, transfer: payment_settle(payment=payment, transfer_id=transfer.id),
    )


def payments_submit(*, payments: Sequence[Payment]) -> list[Payment]:
    """`payment_submit` for a payment run's chunk: the transfer requests go to Stripe together,
    each with its own key, and the transfers made are settled in one transaction."""
    return stripe_send_many(
        payments,
        _transfer_request,
        refused=_fail,
        settled=lambda answers: payments_settle(
            answers=[(payment.pk, transfer.id) for payment, transfer in answers]
        ),
    )


def _transfer_request(payment: Payment) -> stripe.Transfer:
    return stripe_gateway.create_transfer(
        amount_cents=payment.amount_cents,
        destination=payment.destination,
        transfer_group=_transfer_group(payment),
        metadata={"grant_id": str(payment.grant_id), "payment_id": str(payment.pk)},
        idempotency_key=payment.idempotency_key,
    )


def _transfer_group(payment: Payment) -> str:
    return Grant(pk=payment.grant_id).transfer_group


@transaction.atomic
def _fail(payment: Payment, error: stripe.StripeError) -> Payment:
    grant = Grant.objects.select_for_update().select_related("pilot").get(pk=payment.grant_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.status = PaymentStatus.FAILED
    payment.error = str(error)[:1000]
    payment.save(update_fields=["status", "error", "updated_at"])
    code = getattr(error, "code", None) or ""
    if code == NOT_READY_CODE:
        _send_back_to_onboarding(grant)
        logger.warning("Payment %s: the recipient's account cannot receive transfers", payment.pk)
        return payment
    if code == BALANCE_CODE:
        note = _(
            "The city's Stripe balance does not cover this grant. Add funds: the next "
            "“Pay all ready grants” pays it once the balance covers it."
        )
    else:
        note = _("Stripe refused the transfer: %(error)s") % {
            "error": getattr(error, "user_message", None) or str(error)
        }
    grant_move(grant, GrantAction.REFUSED, note=note, code=code)
    logger.warning("Payment %s failed: %s", payment.pk, code or "refused")
    return payment


def payment_settle(*, payment: Payment, transfer_id: str) -> Payment:
    """Record Stripe's transfer, mark the grant paid and the pilot funded; safe to repeat."""
    (settled,) = payments_settle(answers=[(payment.pk, transfer_id)])
    return settled


@transaction.atomic
def payments_settle(*, answers: Sequence[tuple[int, str]]) -> list[Payment]:
    """Record Stripe's transfers (payment id, transfer id) and mark their grants paid and their
    pilots funded, all in one transaction; a payment settled already stays as it is.

    Locks pilots, grants, payments in that order, as cancelling an approval does (pilot,
    grant); each in the order of their keys, so that two settlers never wait on each other
    in a circle. Returns the payments in the order of `answers`.
    """
    transfer_ids = dict(answers)
    # Which grants (and pilots) to lock: a payment's grant never changes.
    grant_ids = set(
        Payment.objects.filter(pk__in=list(transfer_ids)).values_list("grant_id", flat=True)
    )
    pilots = {
        pilot.pk: pilot
        for pilot in Pilot.objects.select_for_update(of=("self",))
        .filter(grant__pk__in=grant_ids)
        .order_by("pk")
    }
    grants = {
        grant.pk: grant
        for grant in Grant.objects.select_for_update().filter(pk__in=grant_ids).order_by("pk")
    }
    for grant in grants.values():
        grant.pilot = pilots[grant.pilot_id]  # read already: the audit log names it by its pilot
    payments = {
        payment.pk: payment
        for payment in Payment.objects.select_for_update(of=("self",))
        .select_related("requested_by")
        .filter(pk__in=list(transfer_ids))
        .order_by("pk")
    }
    now = timezone.now()
    paid_by: dict[int | None, list[Payment]] = {}
    for payment in payments.values():
        if payment.status == PaymentStatus.SUCCEEDED:
            continue
        payment.status = PaymentStatus.SUCCEEDED
        payment.stripe_transfer_id = transfer_ids[payment.pk]
        payment.error = ""
        payment.updated_at = now
        paid_by.setdefault(payment.requested_by_id, []).append(payment)
    settling = [payment for group in paid_by.values() for payment in group]
    if settling:
        # One UPDATE; only the transfer id differs from row to row (bulk_update would build
        # a CASE for every field).
        Payment.objects.filter(pk__in=[payment.pk for payment in settling]).update(
            status=PaymentStatus.SUCCEEDED,
            error="",
            updated_at=now,
            stripe_transfer_id=Case(
                *(
                    When(pk=payment.pk, then=Value(payment.stripe_transfer_id))
                    for payment in settling
                )
            ),
        )
    for group in paid_by.values():
        grant_move_many(
            [grants[payment.grant_id] for payment in group],
            GrantAction.PAID,
            by=group[0].requested_by,
        )
    return [payments[payment_id] for payment_id, _transfer in answers]


def _find_transfer(payment: Payment) -> str | None:
    """The transfer Stripe made for this payment, or one for the grant no payment records."""
    transfers = stripe_gateway.transfers_in_group(_transfer_group(payment))
    for transfer in transfers:
        if transfer["payment_id"] == str(payment.pk):
            return transfer["id"]
    return unrecorded([t["id"] for t in transfers], Payment, "stripe_transfer_id")


def _start_over(payment: Payment) -> Payment:
    """Stripe holds no transfer for the grant and replays a stored error for this key: close
    this attempt, saying so, and send a new one under a new key."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=payment.grant_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status != PaymentStatus.UNKNOWN:
            return payment
        payment.status = PaymentStatus.FAILED
        payment.error = _(
            "Stripe answered this request with an error (HTTP %(status)s) each time and holds "
            "no transfer for the grant, so it was sent again under a new key."
        ) % {"status": payment.http_status}
        payment.save(update_fields=["status", "error", "updated_at"])
        retry = _payment(
            grant,
            payment.destination,
            payment.requested_by,
            payment.run,
            attempt=grant.payments.count() + 1,
        )
        retry.save()
    logger.warning("Payment %s: Stripe holds nothing; retried as payment %s", payment.pk, retry.pk)
    return payment_submit(payment=retry)


PAYMENTS = Reconciliation(
    find=_find_transfer,
    settle=lambda payment, transfer_id: payment_settle(payment=payment, transfer_id=transfer_id),
    resend=lambda payment: payment_submit(payment=payment),
    start_over=_start_over,
)


def payment_reconcile(*, payment: Payment) -> Payment:
    """Settle a payment whose outcome we do not know, by asking Stripe what happened."""
    return stripe_reconcile(payment, PAYMENTS)


def payment_ask_again(*, payment: Payment, by) -> Payment:
    """Finance's "Ask Stripe again" for a payment still open."""
    return stripe_ask_again(payment, PAYMENTS, by=by, settled=_("This payment is settled already."))
