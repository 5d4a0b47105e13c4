"""Why a comment was refused, in words the person who tried can act on."""

from django.utils.translation import gettext_lazy as _

from kernel.errors import ActionRefused


class CommentRefused(ActionRefused):
    default_message = _("You cannot comment here.")
