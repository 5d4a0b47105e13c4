"""Paying grants by SEPA credit transfer: the resident's bank details, finance's payment file
(ISO 20022 pain.001.001.03, validated against the schema before it is offered), and what the
bank later confirms.

Exporting claims one Payment per grant in the same transaction that stores the file, so a
grant can never be in two files; marking the batch paid funds the pilots. Once the bank has
paid and the retention period (`GRANTS_BANK_DETAILS_RETENTION_DAYS`) has passed, the account
numbers are erased (`bank_details_erase_settled`).
"""

import datetime
import functools
from pathlib import Path

import sepaxml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer

from grants.errors import PaymentRefused
from grants.lifecycle import GrantAction, grant_move
from grants.models import (
    ACTIVE_PAYMENT_STATES,
    BankDetails,
    Grant,
    GrantStatus,
    Payment,
    PaymentStatus,
    PayoutMethod,
    SepaBatch,
    SepaBatchStatus,
)
from grants.permissions import is_recipient, may_pay


def sepa_enabled() -> bool:
    return bool(settings.SEPA_DEBTOR_IBAN)


def clean_iban(value: str) -> tuple[str, str]:
    """(IBAN, BIC) for a valid IBAN; ValidationError that says what is wrong otherwise."""
    try:
        iban = IBAN(value)
    except SchwiftyException as error:
        raise ValidationError(
            _(
                "This is not a valid IBAN. Check it against your bank statement "
                "(e.g. FI21 1234 5600 0007 85)."
            )
        ) from error
    bic = iban.bic
    if bic is None:
        raise ValidationError(
            _("We could not find the bank of this IBAN. Check the account number.")
        )
    return iban.compact, str(bic)


@transaction.atomic
def grant_set_bank_details(*, grant: Grant, by, holder: str, iban: str) -> Grant:
    grant = Grant.objects.select_for_update().select_related("pilot").get(pk=grant.pk)
    if not is_recipient(by, grant):
        raise PaymentRefused(_("Only the proposer can give the payment details."))
    if grant.status not in (GrantStatus.AWAITING_DETAILS, GrantStatus.READY):
        raise PaymentRefused(_("The payment details can no longer be changed."))
    compact, bic = clean_iban(iban)
    BankDetails.objects.update_or_create(
        grant=grant, defaults={"holder": holder.strip()[:70], "iban": compact, "bic": bic}
    )
    grant.method = PayoutMethod.SEPA
    return grant_move(grant, GrantAction.DETAILS_GIVEN, by=by, also=("method",))


def sepa_ready_grants():
    return Grant.objects.filter(
        method=PayoutMethod.SEPA, status=GrantStatus.READY, bank_details__isnull=False
    ).select_related("bank_details", "pilot")


@functools.cache
def pain_schema(name: str):
    """The ISO 20022 schema sepaxml ships, read once per process: sepaxml's own `export(validate=
    True)` parses the 100 KB XSD again for every file (half a second each)."""
    # xmlschema patches ElementTree when imported, which sepaxml also imports late for that reason.
    import xmlschema

    return xmlschema.XMLSchema(Path(sepaxml.__file__).parent / "schemas" / f"{name}.xsd")


def sepa_validate(xml: str, schema: str) -> None:
    """Refuse a file the bank would refuse: nothing is claimed, and finance is told why."""
    import xmlschema

    try:
        pain_schema(schema).validate(xml)
    except xmlschema.XMLSchemaValidationError as error:
        raise PaymentRefused(
            _(
                "The payment file did not pass the bank's format check, so no grant was put "
                "in it. Check the city's account details (name, IBAN, BIC) in the settings."
            )
        ) from error


@transaction.atomic
def sepa_batch_export(*, by, execution_date: datetime.date | None = None) -> SepaBatch:
    """Put every ready SEPA grant into one payment file, validated against the schema."""
    if not may_pay(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    grants = list(sepa_ready_grants().select_for_update(of=("self",)))
    if not grants:
        raise PaymentRefused(_("No grant is waiting for a bank transfer."))
    transfer = SepaTransfer(
        {
            "name": settings.SEPA_DEBTOR_NAME,
            "IBAN": settings.SEPA_DEBTOR_IBAN,
            "BIC": settings.SEPA_DEBTOR_BIC,
            "batch": True,
            "currency": "EUR",
        },
        clean=True,
    )
    payments = []
    for grant in grants:
        if grant.payments.filter(status__in=ACTIVE_PAYMENT_STATES).exists():
            continue
        payment = Payment.objects.create(
            grant=grant,
            method=PayoutMethod.SEPA,
            idempotency_key=f"minipilot-grant-{grant.pk}-attempt-{grant.payments.count() + 1}",
            amount_cents=grant.amount_cents,
            destination=grant.bank_details.masked_iban,
            requested_by=by,
        )
        transfer.add_payment(
            {
                "name": grant.bank_details.holder,
                "IBAN": grant.bank_details.iban,
                "BIC": grant.bank_details.bic,
                "amount": grant.amount_cents,
                "execution_date": execution_date or timezone.localdate(),
                "description": f"Minipilot {grant.pk}: {grant.pilot.title}"[:140],
                "endtoend_id": payment.idempotency_key,
            }
        )
        grant_move(grant, GrantAction.CLAIM, by=by, email="payment_sent")
        payments.append(payment)
    xml = transfer.export(validate=False).decode()
    sepa_validate(xml, transfer.schema)
    batch = SepaBatch.objects.create(message_id=transfer.msg_id[:35], xml=xml, created_by=by)
    Payment.objects.filter(pk__in=[p.pk for p in payments]).update(batch=batch)
    return batch


@transaction.atomic
def sepa_batch_mark_paid(*, batch: SepaBatch, by) -> SepaBatch:
    """The bank has confirmed the file: every payment in it that did not fail is paid.

    Finance confirms this on a page of its own (a wrong click would fund pilots nobody paid);
    who confirmed and when stay on the batch.
    """
    if not may_pay(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    batch = SepaBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == SepaBatchStatus.PAID:
        return batch
    now = timezone.now()
    for payment in batch.payments.filter(status=PaymentStatus.CLAIMED).select_related(
        "grant__pilot"
    ):
        payment.status = PaymentStatus.SUCCEEDED
        payment.confirmed_by, payment.confirmed_at = by, now
        payment.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
        grant_move(payment.grant, GrantAction.PAID, by=by)
    batch.status = SepaBatchStatus.PAID
    batch.paid_at = now
    batch.paid_by = by
    batch.save(update_fields=["status", "paid_at", "paid_by"])
    return batch


@transaction.atomic
def sepa_payment_mark_failed(*, payment: Payment, by, reason: str) -> Payment:
    """The bank returned one payment: ask the resident for new bank details."""
    if not may_pay(by):
        raise PaymentRefused(_("Only finance staff can pay grants."))
    grant = Grant.objects.select_for_update().get(pk=payment.grant_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.CLAIMED:
        raise PaymentRefused(_("Only a payment still awaiting the bank can be marked failed."))
    payment.status = PaymentStatus.FAILED
    payment.error = reason
    payment.confirmed_by, payment.confirmed_at = by, timezone.now()
    payment.save(update_fields=["status", "error", "confirmed_by", "confirmed_at", "updated_at"])
    BankDetails.objects.filter(grant_id=payment.grant_id).delete()
    grant_move(
        grant,
        GrantAction.DETAILS_NEEDED,
        by=by,
        note=_(
            "The bank returned the payment (%(reason)s); the resident is asked for new "
            "bank details."
        )
        % {"reason": reason},
        email="payment_returned",
    )
    return payment


@transaction.atomic
def bank_details_erase_settled(*, now: datetime.datetime | None = None) -> int:
    """Erase the account numbers of payments the bank paid more than the retention period ago.

    Run by `manage.py grants_erase_bank_details` (cron). The holder, IBAN and BIC are deleted
    and the batch's file, which repeats them, is emptied; finance keeps each payment's masked
    account (`Payment.destination`, e.g. "FI21 **** 0785"), its amount and its dates. A grant
    whose payment failed keeps the new details its resident gave for the next file. Returns
    the number of grants whose details were erased.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.GRANTS_BANK_DETAILS_RETENTION_DAYS
    )
    batches = SepaBatch.objects.select_for_update().filter(
        status=SepaBatchStatus.PAID, paid_at__lte=cutoff, bank_details_erased_at__isnull=True
    )
    erased = 0
    for batch in batches:
        paid_grants = batch.payments.filter(status=PaymentStatus.SUCCEEDED).values("grant_id")
        erased += BankDetails.objects.filter(grant_id__in=paid_grants).delete()[0]
        batch.xml = ""
        batch.bank_details_erased_at = timezone.now()
        batch.save(update_fields=["xml", "bank_details_erased_at"])
    return erased
