"""The standard texts of a grant decision, pre-filled in the pilot's language for the director."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pilots.models import Pilot


def decision_defaults(pilot: Pilot, director) -> dict:
    """Initial values for the decision form: the director edits them before deciding."""
    with translation.override(pilot.language):
        title = director.job_title or _("Area director")
        return {
            "decider_title": title,
            "conditions": _(
                "The grant may be used only for the purpose stated in the proposal. The "
                "recipients report the results and the use of the money by the due date. "
                "Unused money is returned to the city. The city may reclaim the grant if it "
                "is used for another purpose or the report is not made."
            ),
            "report_due": timezone.localdate()
            + datetime.timedelta(days=pilot.call.report_due_days),
            "contact_person": f"{director.get_full_name()}, {title}",
            "appeal_instructions": _(
                "A party to whom this decision applies may request a correction in writing "
                "within 14 days of being notified of it. The request is addressed to the "
                "authority that made the decision and must state the decision, the correction "
                "requested and its grounds."
            ),
        }
