"""What the grants app tells the layers above it, without knowing who listens.

`grants_paid` is sent inside the transaction that records the money as moved, so a listener's
change (the pilots becoming funded, pilotsite.pilot_grant_links) commits or rolls back with it.
It names every grant settled together (one, or a payment run's chunk), so that a listener can
follow them all in one go.
"""

from django.dispatch import Signal

# sender=Grant, grants=[…] (each with its pilot read and locked), paid_by=the finance officer
# who started the payments (or None)
grants_paid = Signal()
