"""Why a grant's payment, or a step of its lifecycle, was refused, in words finance or the
resident can act on."""

from kernel.errors import ActionRefused


class PaymentRefused(ActionRefused):
    """A payment, the details it needs, or a move of the grant was refused; nothing changed."""
