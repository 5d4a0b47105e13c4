"""What the grants app tells the layers above it, without knowing who listens.

`grant_paid` is sent inside the transaction that records the money as moved, so a listener's
change (the pilot becoming funded, pilotsite.pilot_grant_links) commits or rolls back with it.
"""

from django.dispatch import Signal

# sender=Grant, grant=…, paid_by=the finance officer who started the payment (or None)
grant_paid = Signal()
