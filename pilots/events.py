"""What the pilots app tells the layers above it, without knowing who listens.

`pilot_transitioned` is sent inside the transaction of every transition, after the move is
recorded, so a listener's change (the grant an approval opens, the grant a cancellation
withdraws: pilotsite.pilot_grant_links) commits or rolls back with the pilot's. A listener
refuses the transition by raising a `PilotActionRefused`.
"""

from django.dispatch import Signal

# sender=Pilot, pilot=…, action=pilots.models.Action, by=the user acting (None: the platform)
pilot_transitioned = Signal()
