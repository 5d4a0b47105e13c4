"""reporting names its tasks by path (reporting.task_handles): every name it uses is a task of
reporting/tasks.py, so a misspelt one fails here, not in a worker."""

import re
from pathlib import Path

from django_tasks.base import Task

from reporting import tasks

REPORTING = Path(tasks.__file__).resolve().parent


def test_every_task_reporting_queues_by_name_exists():
    named = {
        name
        for path in REPORTING.glob("*.py")
        for name in re.findall(r"reporting_task\(\"(\w+)\"\)", path.read_text())
    }
    assert named == {"build_open_data"}
    assert {name for name in named if not isinstance(getattr(tasks, name, None), Task)} == set()
