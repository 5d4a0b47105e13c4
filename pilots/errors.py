"""Why a pilot action was refused, in words the person who tried can act on."""

from django.utils.translation import gettext_lazy as _

from kernel.errors import ActionRefused


class PilotActionRefused(ActionRefused):
    """A pilot's transition or edit was refused."""


class NotAllowed(PilotActionRefused):
    default_message = _("You are not allowed to do this to this pilot.")


class WrongState(PilotActionRefused):
    default_message = _("The pilot is not in a state that allows this.")


class Incomplete(PilotActionRefused):
    """The proposal lacks what a decision needs; `problems` lists each missing piece."""

    default_message = _("The proposal is not complete yet.")

    def __init__(self, problems):
        self.problems = problems
        super().__init__()


class BudgetExhausted(PilotActionRefused):
    default_message = _("The area's budget for this call has no grants left.")
