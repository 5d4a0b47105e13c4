"""Fields stored once per language (`name_fi`, `name_sv`, `name_en`) read in the active language."""

from django.conf import settings
from django.utils.translation import get_language


def localized_value(instance, field: str) -> str:
    """The field in the active language, falling back to the default language when left empty."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    value = getattr(instance, f"{field}_{language}", "")
    return value or getattr(instance, f"{field}_{settings.LANGUAGE_CODE}")
