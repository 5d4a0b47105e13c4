"""The demo city's following: before any proposal arrives, Aino follows the area of the first
public proposal another resident makes, so that it notifies her; supporting and commenting
follow the rest (notifications.receivers). At the end the older notifications are read and a
few stay unread, so the header shows a count and the list both kinds."""

from accounts.models import User
from demo.pilot_content import PILOT_IDEAS
from notifications.models import Notification
from notifications.services import follow_add, notifications_mark_all_read
from pilots.models import Area

FOLLOWER_EMAIL = "asukas@example.org"
UNREAD = 3


def seed_following() -> None:
    follower = User.objects.get(email=FOLLOWER_EMAIL)
    # seed_pilots gives the ideas the areas in slug order, in turn.
    areas = list(Area.objects.order_by("slug"))
    number = next(
        number
        for number, idea in enumerate(PILOT_IDEAS)
        if idea.get("shown_publicly") and idea["language"] != follower.language
    )
    follow_add(by=follower, area=areas[number % len(areas)])


def leave_a_few_unread() -> None:
    follower = User.objects.get(email=FOLLOWER_EMAIL)
    newest = Notification.objects.filter(recipient=follower).values_list("pk", flat=True)[:UNREAD]
    notifications_mark_all_read(by=follower)
    Notification.objects.filter(pk__in=list(newest)).update(read_at=None)
