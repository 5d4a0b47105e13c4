"""The one-click unsubscribe link every notification email carries (RFC 8058).

The link names the account and the kinds the email was about, signed (django.core.signing), so
it works without logging in, from any device, for as long as the email is kept: no expiry, as
a mail client may offer the one-click `List-Unsubscribe-Post` at any time. It only ever sets
those kinds to "never", which anyone holding the email may want and nobody can misuse; the
settings page undoes it.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.emails import site_url
from kernel.errors import ActionRefused
from notifications.models import Frequency, Kind
from notifications.services import preferences_set

_SALT = "notifications.unsubscribe"


class UnsubscribeLinkRefused(ActionRefused):
    default_message = _(
        "This unsubscribe link does not work: it may have been cut short when it was copied. "
        "Log in to choose your emails in the notification settings."
    )


def unsubscribe_token(user, kinds) -> str:
    return signing.dumps({"u": user.pk, "k": sorted(kinds)}, salt=_SALT, compress=True)


def unsubscribe_url(user, kinds) -> str:
    """The absolute link, under the recipient's language prefix."""
    with translation.override(user.language):
        return site_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kinds)]))


def unsubscribe_request(token: str) -> tuple:
    """The account and the kinds a link names; UnsubscribeLinkRefused if tampered with."""
    try:
        payload = signing.loads(token, salt=_SALT)
        user_id, kinds = payload["u"], payload["k"]
    except (signing.BadSignature, KeyError, TypeError) as bad:
        raise UnsubscribeLinkRefused() from bad
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not kinds or any(kind not in Kind.values for kind in kinds):
        raise UnsubscribeLinkRefused()
    return user, kinds


def unsubscribe(token: str) -> tuple:
    """Stop the emails the link names; returns the account and those kinds."""
    user, kinds = unsubscribe_request(token)
    preferences_set(user=user, by=None, chosen=dict.fromkeys(kinds, Frequency.NEVER))
    return user, kinds
