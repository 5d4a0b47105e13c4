"""The city's areas; the pilots proposed in them come with the proposals feature."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilotsite.i18n import localized_value


class Area(models.Model):
    """A part of the city with its own area directors, who decide on the pilots proposed there."""

    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
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

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized_value(self, "name")

    @property
    def description(self) -> str:
        return localized_value(self, "description")
