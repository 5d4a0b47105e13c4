"""A pilot's team: the co-proposers who carry it out with its proposer, and the invitations
that bring them in.

The proposer invites a co-proposer by email address; the invitation's link is signed
(`pilots.co_proposers`) and names this row by its random key, so withdrawing the invitation
(deleting the row) revokes the link at once. Invitations are personal data of someone who has
not agreed to anything yet: a declined, withdrawn, expired or accepted one is deleted.

A co-proposer's name is shown publicly only with their own consent (`publish_name`), as the
proposer's is with theirs (`Pilot.publish_name`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilots.models.lifecycle import Pilot

# A proposer and at most four others: the grant is a small one, for a small team.
MAX_CO_PROPOSERS = 4


def new_invitation_key() -> str:
    return secrets.token_urlsafe(24)


class CoProposer(models.Model):
    """One co-proposer of a pilot (the through table of `Pilot.co_proposers`)."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="team", verbose_name=_("pilot")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="co_proposals",
        verbose_name=_("co-proposer"),
    )
    publish_name = models.BooleanField(_("my name may be published with the pilot"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        # The table Django made for `Pilot.co_proposers` before it had a model of its own.
        db_table = "pilots_pilot_co_proposers"
        ordering = ["joined_at", "pk"]
        verbose_name = _("co-proposer")
        verbose_name_plural = _("co-proposers")
        unique_together = [("pilot", "user")]

    def __str__(self):
        return f"{self.user_id} → {self.pilot_id}"


class CoProposerInvitation(models.Model):
    """The proposer's invitation to someone, by email address, to co-propose a pilot."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("pilot")
    )
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("invited by"),
    )
    # The language the invitation's email is written in: the inviter's when they sent it.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    key = models.CharField(max_length=64, unique=True, default=new_invitation_key, editable=False)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("co-proposer invitation")
        verbose_name_plural = _("co-proposer invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "email"], name="co_proposer_invited_once_per_pilot"
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.pilot_id}"
