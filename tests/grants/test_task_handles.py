"""The grants services name their tasks by path (grants.task_handles): every name they use is a
task of grants/tasks.py, so a misspelt one fails here, not in a worker."""

import re
from pathlib import Path

from django_tasks.base import Task

from grants import tasks

GRANTS = Path(tasks.__file__).resolve().parent


def test_every_task_the_services_queue_by_name_exists():
    named = {
        name
        for path in GRANTS.glob("*.py")
        for name in re.findall(r"grants_task\(\"(\w+)\"\)", path.read_text())
    }
    assert len(named) >= 6, named
    assert {name for name in named if not isinstance(getattr(tasks, name, None), Task)} == set()
