"""Background work for reporting: thin wrappers around reporting.open_data_files."""

from django_tasks import task

from reporting.open_data_files import rebuild


@task()
def build_open_data() -> None:
    """Rebuild the open-data files that a committed change has made stale."""
    rebuild()
