"""The one kind of error a service raises when it refuses an action."""

from django.utils.translation import gettext_lazy as _


class ActionRefused(Exception):
    """A refused action changes nothing; `message` says why, in words the user can act on."""

    default_message = _("This action is not allowed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))
