"""The money side of an approved pilot: one grant per pilot, created by the approval."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GrantStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    CANCELLED = "cancelled", _("Cancelled")


class Grant(models.Model):
    """What the city owes an approved pilot; the payments feature pays it exactly once."""

    pilot = models.OneToOneField(
        "pilots.Pilot", on_delete=models.PROTECT, related_name="grant", verbose_name=_("pilot")
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=8, decimal_places=2)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GrantStatus.choices,
        default=GrantStatus.AWAITING_PAYMENT,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive")
        ]

    def __str__(self):
        return f"{self.pilot}: {self.amount} €"
