"""The coordinators' list of comments in the admin."""

import pytest

from accounts.factories import UserFactory
from discussions import services
from discussions.models import Thread

pytestmark = pytest.mark.django_db


def test_a_coordinator_reads_the_comments_and_finds_one_by_its_text(
    client, coordinator, public_proposal
):
    asked = services.comment_add(
        pilot=public_proposal, thread=Thread.PROPOSAL, by=UserFactory(), body="Missä tavataan?"
    )
    services.comment_add(
        pilot=public_proposal, thread=Thread.PROPOSAL, by=UserFactory(), body="Hyvä idea"
    )
    client.force_login(coordinator)
    listing = client.get("/admin/comments/", {"q": "tavataan"}).content.decode()
    assert f"/admin/comments/inspect/{asked.pk}/" in listing and "Hyvä idea" not in listing
    assert "Missä tavataan?" in client.get(f"/admin/comments/inspect/{asked.pk}/").content.decode()
