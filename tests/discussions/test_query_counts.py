"""Query-count guards: a proposal's page and a story's page cost the same queries with 2
comments and with 20 (each with replies, from residents, the team and staff), for a visitor
and for a signed-in author whose own comments carry their edit and delete buttons."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.factories import UserFactory
from discussions import services
from discussions.models import Comment, Thread

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # the first request warms what every request shares (site, roots)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(pilot, thread, count, authors, team_member, staff):
    for number in range(count):
        top = services.comment_add(
            pilot=pilot, thread=thread, by=authors[number % len(authors)], body=f"Kysymys {number}"
        )
        for author in (team_member, staff):
            services.comment_add(pilot=pilot, thread=thread, by=author, body="Vastaus", parent=top)


@pytest.mark.parametrize("thread", [Thread.PROPOSAL, Thread.STORY])
def test_a_page_with_comments_costs_the_same_queries_with_2_and_20(
    client, public_proposal, stories, coordinator, thread
):
    if thread == Thread.PROPOSAL:
        pilot, url = public_proposal, f"/fi/proposals/{public_proposal.pk}/"
    else:
        pilot, url = stories["library"].pilot, stories["library"].url
    reader = UserFactory()
    authors = [reader, *(UserFactory() for _ in range(4))]

    def costs():
        counts = {}
        for signed_in in (False, True):
            client.logout()
            if signed_in:
                client.force_login(reader)
            counts[signed_in] = count_queries(client, url)
        return counts

    grow(pilot, thread, 2, authors, pilot.proposer, coordinator)
    few = costs()
    grow(pilot, thread, 18, authors, pilot.proposer, coordinator)
    many = costs()
    assert Comment.objects.filter(pilot=pilot, thread=thread, parent=None).count() == 20
    page = client.get(url).content.decode()
    assert page.count('class="comment"') == 60 and page.count("/delete/") == 5
    assert many == few, (few, many)
