"""A resident's support for someone else's public proposal ("I support this").

The area director reads the count as information when deciding; it decides nothing itself.
One support per account and proposal, held by the database so two clicks at once count once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilots.models.lifecycle import Pilot


class Support(models.Model):
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="supports", verbose_name=_("pilot")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("supporter"),
    )
    created_at = models.DateTimeField(_("supported at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "user"], name="support_once_per_account")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.pilot_id}"
