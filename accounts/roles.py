"""The city's staff roles, each a Wagtail group with the permissions its work needs.

The data migration creates the groups from STAFF_ROLES; later features add their own
permissions to the same names, so the groups are never configured by hand.
"""

from django.utils.translation import gettext_lazy as _

AREA_DIRECTORS = "Area directors"
COORDINATORS = "Coordinators"
FINANCE = "Finance"

STAFF_ROLES = {
    AREA_DIRECTORS: _("Area directors"),
    COORDINATORS: _("Coordinators"),
    FINANCE: _("Finance"),
}
