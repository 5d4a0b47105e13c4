"""What the discussions app tells the layers above it, without knowing who listens.

`comment_posted` is sent inside the transaction that saves a new comment or reply, so what a
listener records about it (the notifications of the pilot's team, of the author the reply
answers, of those who follow the pilot: the notifications app) commits or rolls back with it.
"""

from django.dispatch import Signal

# sender=Comment, comment=… (with its pilot, parent and author read)
comment_posted = Signal()
