"""Fields stored once per language (`name_fi`, `name_sv`, `name_en`) read in the active language."""

from django.conf import settings
from django.utils.translation import get_language


def localized_language(instance, field: str) -> str:
    """The language `localized_value` reads the field in: the active one, or the default
    language when the active one's is left empty (a page marks such text with its `lang`)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if getattr(instance, f"{field}_{language}", "") else settings.LANGUAGE_CODE


def localized_value(instance, field: str) -> str:
    """The field in the active language, falling back to the default language when left empty."""
    return getattr(instance, f"{field}_{localized_language(instance, field)}")
