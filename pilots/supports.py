"""Residents' supports for public proposals: given and taken back with one click each.

A support is information for the area director, who still decides. Only a signed-in account with
a verified email address may support, once per proposal, a public proposal awaiting its
decision that is not its own and that it does not decide on itself. The database's unique
constraint keeps it once also when the same account clicks in many tabs at the same moment.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pilots.errors import PilotActionRefused
from pilots.events import proposal_supported
from pilots.models import SUPPORTABLE_STATES, Pilot, Support
from pilots.permissions import may_decide


class SupportRefused(PilotActionRefused):
    default_message = _("You cannot support this proposal.")


def support_refusal(user, pilot: Pilot) -> str:
    """Why `user` cannot support `pilot` now, or "" when they can (the page says it instead of
    offering the button; `support_add` refuses with the same words)."""
    if not user.is_authenticated:
        return _("Log in to support proposals.")
    if not pilot.is_public_proposal:
        return SupportRefused.default_message
    if pilot.status not in SUPPORTABLE_STATES:
        return _("The proposal has been decided on: supports are no longer collected.")
    if pilot.is_participant(user):
        return _("This is your own proposal.")
    if may_decide(user, pilot):
        return _("You decide on this proposal, so you cannot support it.")
    if not user.has_verified_email():
        return _("Confirm your email address first: then you can support proposals.")
    return ""


@transaction.atomic
def support_add(*, pilot: Pilot, by) -> bool:
    """`by` supports `pilot`; True if this is new, False if they supported it already."""
    pilot = Pilot.objects.select_related("area").get(pk=pilot.pk)
    refusal = support_refusal(by, pilot)
    if refusal:
        raise SupportRefused(refusal)
    # get_or_create inserts in a savepoint and reads the row instead if a concurrent click
    # inserted it first (the unique constraint), so the support is there once either way.
    _support, created = Support.objects.get_or_create(pilot=pilot, user=by)
    if created:
        proposal_supported.send(sender=Pilot, pilot=pilot, by=by)
    return created


@transaction.atomic
def support_remove(*, pilot: Pilot, by) -> bool:
    """`by` takes their support back, in any state; True if there was one."""
    if not by.is_authenticated:
        raise SupportRefused(_("Log in to support proposals."))
    deleted, _by_model = Support.objects.filter(pilot=pilot, user=by).delete()
    return bool(deleted)
