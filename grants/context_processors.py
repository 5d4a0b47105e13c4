"""The payout methods this city offers, for every template that shows a grant's next step
(the pilot pages of the pilots app among them, which do not import grants)."""

from grants.sepa import sepa_enabled
from grants.stripe_gateway import stripe_enabled


def payout_methods(request) -> dict:
    return {"stripe_enabled": stripe_enabled(), "sepa_enabled": sepa_enabled()}
