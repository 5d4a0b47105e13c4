"""The standard texts of a grant decision, pre-filled in every language for the director.

A bilingual city gives its standard texts to each reader in their own language, so the decision
record keeps them in Finnish, Swedish and English (`pilots.models.Decision`); the director
checks and edits them in the decision form before deciding.
"""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pilots.models import Pilot
from pilots.models.lifecycle import LANGUAGE_CODES

# Time to write the report after the pilot has ended.
REPORT_TIME_AFTER_END = datetime.timedelta(days=30)


def report_due_date(pilot: Pilot, today: datetime.date) -> datetime.date:
    """The call's time to report, but never before the residents have had time after the end."""
    due = today + datetime.timedelta(days=pilot.call.report_due_days)
    if pilot.ends_on:
        due = max(due, pilot.ends_on + REPORT_TIME_AFTER_END)
    return due


def decider_title(director, language: str) -> str:
    """The director's own title in `language`, or the generic one when they gave none in it."""
    with translation.override(language):
        return director.job_title_in(language) or _("Area director")


# The city's standard wording, the same on every decision.
CONDITIONS = gettext_lazy(
    "The grant may be used only for the purpose stated in the proposal. The recipients report "
    "the results and the use of the money by the due date. Unused money is returned to the "
    "city. The city may reclaim the grant if it is used for another purpose or the report is "
    "not made."
)
APPEAL_INSTRUCTIONS = gettext_lazy(
    "A party to whom this decision applies may request a correction in writing within 14 days "
    "of being notified of it. The request is addressed to the authority that made the decision "
    "and must state the decision, the correction requested and its grounds."
)


def _texts_in(language: str, director) -> dict[str, str]:
    title = decider_title(director, language)
    with translation.override(language):
        return {
            "decider_title": title,
            "conditions": str(CONDITIONS),
            "contact_person": f"{director.get_full_name()}, {title}",
            "appeal_instructions": str(APPEAL_INSTRUCTIONS),
        }


def decision_defaults(pilot: Pilot, director) -> dict:
    """Initial values for the decision: each standard text as {language: text}, the due date,
    and the language the director is expected to write the grounds in (the pilot's)."""
    by_language = {code: _texts_in(code, director) for code in LANGUAGE_CODES}
    return {
        **{
            name: {code: texts[name] for code, texts in by_language.items()}
            for name in by_language[pilot.language]
        },
        "report_due": report_due_date(pilot, timezone.localdate()),
        "grounds_language": pilot.language,
    }
