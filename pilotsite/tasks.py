"""Background work of the wiring layer: the periodic management commands (pilotsite.schedule)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def run_periodic(command_name: str) -> str:
    """Run one scheduled command; its output is kept as the task's return value for the admin.

    Only the commands of the schedule: a queued row names what runs, and a row is no licence
    to run any command at all.
    """
    from pilotsite.schedule import scheduled_commands

    if command_name not in scheduled_commands():
        raise ValueError(f"{command_name!r} is not a scheduled command")
    output = io.StringIO()
    call_command(command_name, stdout=output)
    return output.getvalue()
