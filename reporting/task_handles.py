"""How reporting queues its background work: by the task's dotted path.

The tasks (reporting/tasks.py) are thin wrappers that import what they run. open_data_files
importing a task back would close a circle (tasks -> open_data_files -> tasks), so it names the
task by its path, as grants/task_handles.py does for the grants services; a test checks that
every name used is a task of reporting/tasks.py.
"""

from django.utils.module_loading import import_string


def reporting_task(name: str):
    """The task `name` of reporting/tasks.py, to enqueue."""
    return import_string(f"reporting.tasks.{name}")
