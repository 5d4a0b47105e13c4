"""What makes the open-data files stale, heard from the apps below without their knowing.

pilots and grants sit below reporting and never import it: their signals say what happened, and
each change here becomes one `open_data_changed` after its transaction commits (and none if it
rolls back). A transaction with many changes (a payment run's chunk funds hundreds of pilots)
asks once.

The files show a grant's pilot (title, summary, dates, status, area, call, goals, themes), its
decision and, with consent, the proposer's name. Those change through
- a transition (`pilots.events.pilot_transitioned`): approval (a new grant), payment (funded,
  sent by pilots_mark_funded for each grant that `grants.events` reports paid), cancellation,
  reporting, a story published;
- a save of a decided pilot (consent to show the name given or withdrawn, an edit by staff) or
  of its proposer (a name changed, an account deleted and anonymised);
- a save of the names the files print: areas, calls, goals and themes.
"""

from django.db import transaction
from django.db.models.signals import post_save

from accounts.models import User
from pilots.events import pilot_transitioned
from pilots.models import Area, Call, Pilot, PilotStatus, SustainableDevelopmentGoal, Theme
from reporting.open_data_files import open_data_changed

# A pilot in one of these states has a grant in the open data.
GRANTED = frozenset(
    {
        PilotStatus.APPROVED,
        PilotStatus.FUNDED,
        PilotStatus.REPORTED,
        PilotStatus.PUBLISHED,
        PilotStatus.CANCELLED,
    }
)
NAME_FIELDS = frozenset({"first_name", "last_name"})


def changed_after_commit(**kwargs) -> None:
    """Ask for a rebuild when the current transaction commits, once per transaction."""
    connection = transaction.get_connection()
    # Django keeps a transaction's on-commit callbacks as (savepoints, callback, robust): one
    # asked for under the same savepoints commits or rolls back with this change.
    savepoints = set(connection.savepoint_ids)
    if any(
        hook[1] is open_data_changed and hook[0] == savepoints for hook in connection.run_on_commit
    ):
        return
    # robust: a rebuild that cannot be queued is logged, and the change's other callbacks
    # (its emails) still run.
    transaction.on_commit(open_data_changed, robust=True)


def pilot_transitioned_to(sender, pilot: Pilot, **kwargs) -> None:
    # A submission, a rejection or a withdrawal leaves the pilot without a grant.
    if pilot.status in GRANTED:
        changed_after_commit()


def pilot_saved(sender, instance: Pilot, **kwargs) -> None:
    if instance.status in GRANTED:
        changed_after_commit()


def user_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not NAME_FIELDS & set(update_fields):
        return  # a login saves last_login alone
    if instance.pk and Pilot.objects.filter(proposer=instance, status__in=GRANTED).exists():
        changed_after_commit()


def connect() -> None:
    """Connect the receivers; called once from the app's `ready()`."""
    uid = "reporting.receivers"
    pilot_transitioned.connect(pilot_transitioned_to, dispatch_uid=uid)
    post_save.connect(pilot_saved, sender=Pilot, dispatch_uid=uid)
    post_save.connect(user_saved, sender=User, dispatch_uid=uid)
    for model in (Area, Call, SustainableDevelopmentGoal, Theme):
        post_save.connect(changed_after_commit, sender=model, dispatch_uid=uid)
