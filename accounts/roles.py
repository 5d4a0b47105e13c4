"""The names of the city's staff roles, each a Wagtail group.

Data migrations create the groups and grant each the permissions its work needs (accounts 0002,
pilots 0002); code refers to a group only through these names.
"""

AREA_DIRECTORS = "Area directors"
COORDINATORS = "Coordinators"
FINANCE = "Finance"
STAFF_ROLES = (AREA_DIRECTORS, COORDINATORS, FINANCE)
