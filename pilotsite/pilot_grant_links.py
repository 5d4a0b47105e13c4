"""Where a pilot and its grant follow each other, from above both apps.

pilots knows nothing of grants, and grants knows pilots only through its model; each tells
what happened through a signal sent inside its own transaction, and this module, which may
import both, makes the other app follow:
- an approval opens the grant, a cancellation withdraws it (and a refusal there, say because
  the money has left, refuses the cancellation with the grants app's words);
- paid grants make their pilots funded (a payment run's chunk together).
"""

from django.dispatch import receiver

from grants.errors import PaymentRefused
from grants.events import grants_paid
from grants.pilot_decisions import grant_open, grant_withdraw
from pilots.errors import WrongState
from pilots.events import pilot_transitioned
from pilots.models import Action
from pilots.services import pilots_mark_funded


@receiver(pilot_transitioned)
def grant_follows_pilot(sender, pilot, action, by, **kwargs):
    if action == Action.APPROVE:
        grant_open(pilot=pilot)
    elif action == Action.CANCEL:
        try:
            grant_withdraw(pilot=pilot, by=by)
        except PaymentRefused as refused:
            raise WrongState(refused.message) from refused


@receiver(grants_paid)
def pilots_follow_grants(sender, grants, paid_by, **kwargs):
    pilots_mark_funded(pilots=[grant.pilot for grant in grants], paid_by=paid_by)
