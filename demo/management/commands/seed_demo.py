"""`manage.py seed_demo`: the demo city, safe to run again; prints every demo login."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from demo.discussions import seed_discussions
from demo.following import leave_a_few_unread, seed_following
from demo.payments import seed_payments
from demo.people import COORDINATOR_EMAIL, DEMO_PASSWORD, FINANCE_EMAIL, seed_people
from demo.pilots import seed_areas, seed_call, seed_pilots, seed_stories, seed_story_indexes
from demo.site import seed_site


class Command(BaseCommand):
    help = "Create the demo city (pages in three languages, areas, staff, residents)."

    def handle(self, *args, **options):
        # The demo people are made up: the emails their pilots' transitions send go nowhere.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            seed_site()
            logins = seed_people() + seed_areas()
            seed_following()
            seed_story_indexes()
            call = seed_call()
            seed_pilots(call)
            # Before this year's bank details: last year's payment file holds only its grants.
            seed_stories(finance_email=FINANCE_EMAIL, coordinator_email=COORDINATOR_EMAIL)
            seed_payments(call=call, finance_email=FINANCE_EMAIL)
            seed_discussions(coordinator_email=COORDINATOR_EMAIL)
            leave_a_few_unread()
        width = max(len(role) for role, _email in logins)
        self.stdout.write(self.style.SUCCESS("Demo city ready. Log in at /fi/accounts/login/"))
        self.stdout.write(f"Every demo login's password: {DEMO_PASSWORD}")
        for role, email in logins:
            self.stdout.write(f"  {role.ljust(width)}  {email}")
