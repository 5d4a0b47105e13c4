"""What every email Minipilot sends has in common, and the emails about the account itself.

Links in an email are opened later, from another device, so they never come from the request
that happened to send the email (a proxy's inner address, `testserver`, the port of a
developer's other run): they are built on `SITE_URL` (settings.WAGTAILADMIN_BASE_URL).

Every email greets its reader with `accounts/email/greeting.txt`, by name when we have one and
neutrally otherwise:

    {% include "accounts/email/greeting.txt" with name=recipient.get_full_name %}
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def site_url(path: str) -> str:
    """`path` (e.g. from `reverse()`) as an absolute link on the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def on_site_url(url: str) -> str:
    """The same link with the scheme and host of `SITE_URL`, whatever host built it."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    link = urlsplit(url)
    path = base.path.rstrip("/") + link.path
    return urlunsplit((base.scheme, base.netloc, path, link.query, link.fragment))


def send_account_deleted_email(*, email: str, language: str, name: str, kept_records: bool):
    """Confirm a deletion to the address the account had, in the language it had.

    Called once the anonymised account is committed, with the few details copied before they
    were erased; they are passed by value and never stored again (not even in a task queue).
    """
    context = {"name": name, "kept_records": kept_records}
    with translation.override(language):
        subject = render_to_string("accounts/email/account_deleted_subject.txt", context)
        body = render_to_string("accounts/email/account_deleted_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [email])
