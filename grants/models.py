"""The money side of an approved pilot: its grant, the recipient's payout details, and every
attempt to pay it.

A grant is paid at most once. Each attempt is a `Payment` row with a deterministic, unique
idempotency key, committed *before* Stripe is called; the database allows only one active
payment per grant, so two clicks or two workers cannot both pay.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.templatetags.money import money


class GrantStatus(models.TextChoices):
    AWAITING_DETAILS = "awaiting_details", _("Awaiting recipient details")
    READY = "ready", _("Ready to pay")
    SUBMITTING = "submitting", _("Payment in progress")
    PAID = "paid", _("Paid")
    PAYOUT_FAILED = "payout_failed", _("Paid, but the payout to the bank failed")
    BLOCKED = "blocked", _("Blocked")
    CANCELLED = "cancelled", _("Cancelled")
    REVERSING = "reversing", _("Cancelled, transfer being reversed")
    REVERSED = "reversed", _("Cancelled, transfer reversed")
    RECLAIM = "reclaim", _("Cancelled, to be reclaimed by the city")


# A grant in these states has not been sent to anyone: it may still be cancelled.
UNPAID_STATES = frozenset({GrantStatus.AWAITING_DETAILS, GrantStatus.READY})
# A Stripe transfer in these states still sits on the resident's Stripe balance (a failed
# payout returns the money there), so cancelling the pilot can reverse it.
REVERSIBLE_STATES = frozenset({GrantStatus.PAID, GrantStatus.PAYOUT_FAILED})
# A grant in these states was paid before its pilot was cancelled: its transfer is being, or has
# been, taken back, or the city must reclaim the money.
CANCELLED_AFTER_PAYMENT_STATES = frozenset(
    {GrantStatus.REVERSING, GrantStatus.REVERSED, GrantStatus.RECLAIM}
)


class PayoutMethod(models.TextChoices):
    STRIPE = "stripe", _("Stripe")
    SEPA = "sepa", _("Bank transfer (SEPA)")


class Grant(models.Model):
    """What the city owes an approved pilot."""

    pilot = models.OneToOneField(
        "pilots.Pilot", on_delete=models.PROTECT, related_name="grant", verbose_name=_("pilot")
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=8, decimal_places=2)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GrantStatus.choices,
        default=GrantStatus.AWAITING_DETAILS,
    )
    method = models.CharField(
        _("payout method"), max_length=10, choices=PayoutMethod.choices, blank=True
    )
    # Why the payment is blocked, or why it went back to the resident: what finance should know.
    blocked_reason = models.TextField(_("note for finance"), blank=True)
    # Stripe's code for a refusal ("balance_insufficient" …), so "Pay all" can take the grants
    # blocked for lack of balance once the balance covers them.
    blocked_code = models.CharField(_("refusal code"), max_length=64, blank=True)
    payout_paid_at = models.DateTimeField(
        _("paid out to the recipient's bank"),
        null=True,
        blank=True,
        help_text=_("When Stripe reported the payout paid: from then on the money has left."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive")
        ]

    def __str__(self):
        return f"{self.pilot}: {money(self.amount)}"

    @property
    def cancelled_after_payment(self) -> bool:
        return self.status in CANCELLED_AFTER_PAYMENT_STATES

    @property
    def amount_cents(self) -> int:
        return int(self.amount * 100)

    @property
    def transfer_group(self) -> str:
        """Every Stripe transfer for this grant carries this group, so reconciliation finds it."""
        return f"minipilot-grant-{self.pk}"


class StripeAccount(models.Model):
    """A resident's Stripe Connect recipient account, onboarded on Stripe's own pages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="stripe_account",
        verbose_name=_("user"),
    )
    account_id = models.CharField(_("Stripe account"), max_length=64, unique=True)
    transfers_active = models.BooleanField(_("can receive transfers"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Stripe account")
        verbose_name_plural = _("Stripe accounts")

    def __str__(self):
        return self.account_id


class BankDetails(models.Model):
    """Where a SEPA bank transfer of the grant goes: seen by finance, masked everywhere else."""

    grant = models.OneToOneField(
        Grant, on_delete=models.CASCADE, related_name="bank_details", verbose_name=_("grant")
    )
    holder = models.CharField(_("account holder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bank details")
        verbose_name_plural = _("bank details")

    def __str__(self):
        return self.masked_iban

    @property
    def masked_iban(self) -> str:
        return f"{self.iban[:4]} **** {self.iban[-4:]}"


class SepaBatchStatus(models.TextChoices):
    EXPORTED = "exported", _("Exported, awaiting the bank")
    PAID = "paid", _("Paid")


class SepaBatch(models.Model):
    """A pain.001.001.03 payment file finance takes to the bank, and what the bank confirmed."""

    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SepaBatchStatus.choices,
        default=SepaBatchStatus.EXPORTED,
    )
    xml = models.TextField(_("payment file"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("marked paid"), null=True, blank=True)
    # Who confirmed that the bank has paid the file: finance's own record of the step.
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked paid by"),
    )
    # The file holds account numbers and names: it is emptied with the bank details.
    bank_details_erased_at = models.DateTimeField(_("bank details erased"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SEPA batch")
        verbose_name_plural = _("SEPA batches")

    def __str__(self):
        return self.message_id


class PaymentStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed, being sent")
    UNKNOWN = "unknown", _("Outcome unknown, to reconcile")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


ACTIVE_PAYMENT_STATES = [PaymentStatus.CLAIMED, PaymentStatus.UNKNOWN, PaymentStatus.SUCCEEDED]


class StripeCall(models.Model):
    """What a payment and a reversal share: one request to Stripe that moves money, made at most
    once under a stored idempotency key, with its attempts and its last error
    (grants.stripe_calls sends and reconciles them alike)."""

    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.CLAIMED
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    # Stripe's HTTP status on the last unclear attempt; empty when Stripe was not reached. An
    # answer (a 500 Stripe stores and replays for the key) means Stripe has finished with the
    # request, so once Stripe shows it holds nothing, a new key is safe; a timeout does not.
    http_status = models.PositiveSmallIntegerField(_("Stripe's answer"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return self.idempotency_key


class Payment(StripeCall):
    """One attempt to pay a grant; its idempotency key never changes once stored."""

    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="payments", verbose_name=_("grant")
    )
    method = models.CharField(_("method"), max_length=10, choices=PayoutMethod.choices)
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    destination = models.CharField(_("destination account"), max_length=64)
    stripe_transfer_id = models.CharField(
        _("Stripe transfer"), max_length=64, unique=True, null=True, blank=True
    )
    batch = models.ForeignKey(
        SepaBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("SEPA batch"),
    )
    # The payments finance started together with "Pay all ready grants", for its progress page.
    run = models.UUIDField(_("payment run"), null=True, blank=True, db_index=True)
    # Who recorded the bank's answer to a SEPA payment (paid or returned), and when.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bank's answer recorded by"),
    )
    confirmed_at = models.DateTimeField(_("bank's answer recorded"), null=True, blank=True)

    class Meta(StripeCall.Meta):
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(status__in=ACTIVE_PAYMENT_STATES),
                name="one_active_payment_per_grant",
            ),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="payment_amount_positive"),
        ]


class Reversal(StripeCall):
    """Taking a Stripe transfer back when its pilot is cancelled before the payout.

    At most one active reversal per payment (the database says so), with a deterministic
    idempotency key committed before Stripe is called, exactly like the payment it undoes. A
    new attempt (a new row and key) is made only once Stripe has shown it holds none.
    """

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="reversals", verbose_name=_("payment")
    )
    stripe_reversal_id = models.CharField(
        _("Stripe reversal"), max_length=64, unique=True, null=True, blank=True
    )

    class Meta(StripeCall.Meta):
        verbose_name = _("transfer reversal")
        verbose_name_plural = _("transfer reversals")
        constraints = [
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(status__in=ACTIVE_PAYMENT_STATES),
                name="one_active_reversal_per_payment",
            ),
        ]


class GrantTransition(models.Model):
    """One move of a grant through its lifecycle (grants.lifecycle): who, from, to, and why."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("grant")
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=GrantStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=GrantStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("grant transition")
        verbose_name_plural = _("grant transitions")

    def __str__(self):
        return f"{self.grant_id}: {self.from_status} → {self.to_status}"


class PaymentRun(models.Model):
    """One click on "Pay all ready grants": the background work it queued, for its progress
    page. Its payments carry its id (`Payment.run`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    # How many grants the run set out to pay, known once it has looked.
    grants_found = models.PositiveIntegerField(_("grants found"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("all payments claimed"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")

    def __str__(self):
        return str(self.id)


class WebhookEvent(models.Model):
    """A Stripe event we have processed; its id is unique, so a repeated delivery is ignored."""

    event_id = models.CharField(_("Stripe event"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    # What the event did, or why it changed nothing (an object Stripe no longer has, …).
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.type} {self.event_id}"
