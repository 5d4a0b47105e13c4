"""What the residents report after a funded pilot: the result report, its spending and photos."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pilots.models.lifecycle import MoneyLine, Pilot


class Outcome(models.TextChoices):
    WORKED = "worked", _("It worked")
    PARTLY = "partly", _("It partly worked")
    DID_NOT_WORK = "did_not_work", _("It did not work")


def report_photo_path(instance, filename):
    return f"reports/{datetime.date.today():%Y/%m}/{filename}"


class ResultReport(models.Model):
    """The residents' account of a funded pilot (the legal usage report of the grant).

    What did not work is as welcome as what did: a story of a failure spreads a practice too.
    The report is the residents' draft while the pilot is funded; submitting it makes the pilot
    "results reported", and a coordinator turns it into a `PilotStoryPage`.
    """

    pilot = models.OneToOneField(
        Pilot, on_delete=models.CASCADE, related_name="report", verbose_name=_("pilot")
    )
    what_was_done = models.TextField(_("what was done"), blank=True)
    what_happened = models.TextField(_("what happened"), blank=True)
    lessons = models.TextField(
        _("what we learnt"),
        blank=True,
        help_text=_("What did not work is as useful to others as what did."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    would_recommend = models.BooleanField(
        _("we would recommend this pilot to others"), null=True, blank=True
    )
    photos_consent = models.BooleanField(
        _("the people in the photos agree to their publication"), default=False
    )
    reminded_on = models.DateField(_("last reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("result report")
        verbose_name_plural = _("result reports")

    def __str__(self):
        return str(self.pilot)

    def spent_total(self) -> Decimal:
        return sum((line.amount for line in self.spending_lines.all()), Decimal("0"))


class SpendingLine(MoneyLine):
    """How the grant was used; what the lines do not cover is returned to the city."""

    report = models.ForeignKey(
        ResultReport,
        on_delete=models.CASCADE,
        related_name="spending_lines",
        verbose_name=_("result report"),
    )

    class Meta(MoneyLine.Meta):
        verbose_name = _("spending line")
        verbose_name_plural = _("spending lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_line_amount_positive")
        ]


MAX_REPORT_PHOTOS = 10


class ResultPhoto(models.Model):
    """A photo of the pilot; published only with the consent given in the report."""

    report = models.ForeignKey(
        ResultReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("report")
    )
    image = models.ImageField(_("photo"), upload_to=report_photo_path)
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=250,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="result_photo_has_alt_text")
        ]

    def __str__(self):
        return self.alt_text
