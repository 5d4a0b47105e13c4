"""What the pilots app tells the layers above it, without knowing who listens.

`pilot_transitioned` is sent inside the transaction of every transition, after the move is
recorded, so a listener's change (the grant an approval opens, the grant a cancellation
withdraws: pilotsite.pilot_grant_links) commits or rolls back with the pilot's. A listener
refuses the transition by raising a `PilotActionRefused`.

`proposal_shown` is sent when a proposal awaiting its decision starts to be shown publicly
after it was submitted (one shown from the start is told by its `submit` transition), and
`proposal_supported` when a resident gives a new support: those following the area hear of a
new public proposal, and a supporter follows what they supported (the notifications app).
"""

from django.dispatch import Signal

# sender=Pilot, pilot=…, action=pilots.models.Action, by=the user acting (None: the platform)
pilot_transitioned = Signal()

# sender=Pilot, pilot=…
proposal_shown = Signal()

# sender=Pilot, pilot=…, by=the supporter
proposal_supported = Signal()
