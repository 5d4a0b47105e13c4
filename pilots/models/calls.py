"""Where and when residents may propose: areas, themes, goals, calls and area budgets."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kernel.i18n import localized_language, localized_value

DEFAULT_GRANT = Decimal("500.00")


class NamedInThreeLanguages(models.Model):
    """A name kept in Finnish, Swedish and English and shown in the visitor's language."""

    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(
        _("name in English"),
        max_length=100,
        blank=True,
        help_text=_("If left empty, the Finnish name is shown."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized_value(self, "name")


class Area(NamedInThreeLanguages):
    """A part of the city with its own area directors, who decide on the pilots proposed there."""

    slug = models.SlugField(_("slug"), unique=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    directors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("area directors"),
        related_name="directed_areas",
        blank=True,
    )

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    @property
    def description(self) -> str:
        return localized_value(self, "description")

    @property
    def description_language(self) -> str:
        return localized_language(self, "description")


class Theme(NamedInThreeLanguages):
    """What a pilot is about (culture, environment, …), for browsing and statistics."""

    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class SustainableDevelopmentGoal(NamedInThreeLanguages):
    """One of the UN's 17 goals (SDG01 … SDG17); loaded by a migration from data/sdg.csv."""

    code = models.CharField(_("code"), max_length=5, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def number(self) -> int:
        return int(self.code[3:])


class Call(models.Model):
    """A call for proposals: when it is open, and the grant each approved pilot receives."""

    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    text_fi = models.TextField(_("text in Finnish"), blank=True)
    text_sv = models.TextField(_("text in Swedish"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), null=True, blank=True, help_text=_("Leave empty for rolling intake.")
    )
    grant_amount = models.DecimalField(
        _("grant amount (€)"),
        max_digits=8,
        decimal_places=2,
        default=DEFAULT_GRANT,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    report_due_days = models.PositiveIntegerField(
        _("days to report results"),
        default=180,
        help_text=_("The report due date an approval suggests, counted from the decision."),
    )
    areas = models.ManyToManyField(
        Area, through="AreaBudget", related_name="calls", verbose_name=_("areas")
    )

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(grant_amount__gt=0), name="call_grant_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.closes_on and self.opens_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A call cannot close before it opens.")})

    @property
    def title(self) -> str:
        return localized_value(self, "title")

    @property
    def text(self) -> str:
        return localized_value(self, "text")

    @property
    def title_language(self) -> str:
        return localized_language(self, "title")

    @property
    def text_language(self) -> str:
        return localized_language(self, "text")

    def is_open(self, on: datetime.date | None = None) -> bool:
        on = on or datetime.date.today()
        return self.opens_on <= on and (self.closes_on is None or on <= self.closes_on)


class AreaBudget(models.Model):
    """How many grants an area may fund in a call; approvals lock this row to stay within it."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("call")
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("area")
    )
    grants = models.PositiveIntegerField(_("number of grants"))

    class Meta:
        verbose_name = _("area budget")
        verbose_name_plural = _("area budgets")
        constraints = [
            models.UniqueConstraint(fields=["call", "area"], name="one_budget_per_area_and_call")
        ]

    def __str__(self):
        return f"{self.area} – {self.call}"

    @property
    def amount(self) -> Decimal:
        return self.grants * self.call.grant_amount
