"""Build the open-data files now, e.g. after changing OPEN_DATA_* settings or deploying a
change to their format, which no signal reports."""

import time

from django.core.management.base import BaseCommand

from reporting import open_data_files


class Command(BaseCommand):
    help = "Rebuild every open-data file (360Giving JSON and CSV, the Finnish CSV) now."

    def handle(self, *args, **options):
        started = time.perf_counter()
        open_data_files.count_change()
        open_data_files.rebuild()
        self.stdout.write(f"Open-data files built in {time.perf_counter() - started:.1f} s.")
