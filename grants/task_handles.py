"""How the grants services queue their background work: by the task's dotted path.

The tasks (grants/tasks.py) are thin wrappers that import the services they run. A service that
imported a task back would close a circle (tasks -> stripe_payments -> lifecycle -> tasks), so
the services, which sit below the tasks, name each task by its path, as pilots/actions.py names
the services above it; a test that queues each task fails on a misspelt name.

Money goes first: a payment run and its payments are queued at PAYMENT_PRIORITY, above the
emails each payout causes, so that a run of thousands is not held up behind its own emails.
"""

from functools import partial

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks_db import DatabaseBackend

PAYMENT_PRIORITY = 10


def grants_task(name: str):
    """The task `name` of grants/tasks.py, to enqueue."""
    return import_string(f"grants.tasks.{name}")


def submit_payment_soon(payment_id: int) -> None:
    """Queue the sending of a payment being claimed in the caller's transaction."""
    _queue_in_this_transaction(grants_task("submit_payment"), payment_id)


def submit_payments_soon(payment_ids: list[int]) -> None:
    """Queue the sending of a chunk of payments being claimed in the caller's transaction."""
    _queue_in_this_transaction(grants_task("submit_payments"), payment_ids)


def _queue_in_this_transaction(payment_task, argument) -> None:
    """The database backend stores the task in the caller's transaction, so a claim is never
    committed without its task (a worker killed between the two cannot strand it); other
    backends (the immediate one runs the task at once) get it after the commit, as Stripe must
    never be called inside a transaction.
    """
    queued = payment_task.using(priority=PAYMENT_PRIORITY)
    if isinstance(queued.get_backend(), DatabaseBackend):
        queued.enqueue(argument)
    else:
        transaction.on_commit(partial(queued.enqueue, argument))
