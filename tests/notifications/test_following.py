"""Following an area, a proposal or a story: the button on each page, who may follow, and
supporting or commenting following too."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.factories import UserFactory
from discussions import services as discussion_services
from discussions.models import Thread
from notifications import services
from notifications.models import Follow
from pilots import supports

pytestmark = pytest.mark.django_db


def follows(user) -> list:
    return list(Follow.objects.filter(user=user).values_list("area__slug", "pilot_id"))


def test_a_resident_follows_an_area_from_its_page_and_stops_again(client, budget, follower):
    client.force_login(follower)
    page = client.get("/fi/areas/kallio/").content.decode()
    assert 'id="follow-button"' in page and 'aria-pressed="false"' in page
    response = client.post("/fi/areas/kallio/follow/", {"follow": "1"})
    assert response.status_code == 302 and response["Location"] == "/fi/areas/kallio/"
    assert follows(follower) == [("kallio", None)]
    assert 'aria-pressed="true"' in client.get("/fi/areas/kallio/").content.decode()
    client.post("/fi/areas/kallio/follow/", {"follow": "1"})  # twice: still once
    assert len(follows(follower)) == 1
    client.post("/fi/areas/kallio/follow/", {"follow": "0"})
    assert follows(follower) == []


def test_a_resident_follows_a_public_proposal_and_a_story(
    client, public_proposal, stories, follower
):
    client.force_login(follower)
    client.post(f"/fi/proposals/{public_proposal.pk}/follow/", {"follow": "1"})
    story = stories["library"]
    assert 'id="follow-button"' in client.get(story.url).content.decode()
    response = client.post(f"/fi/stories/{story.pk}/follow/", {"follow": "1"})
    assert response["Location"] == story.url
    assert sorted(follows(follower)) == sorted([(None, public_proposal.pk), (None, story.pilot_id)])


def test_a_visitor_is_offered_a_login_link_and_no_form(client, budget, public_proposal):
    for url in ["/fi/areas/kallio/", f"/fi/proposals/{public_proposal.pk}/"]:
        page = client.get(url).content.decode()
        assert 'id="follow-button"' not in page and "csrfmiddlewaretoken" not in page
        assert f"/fi/accounts/login/?next={url}" in page
    response = client.post("/fi/areas/kallio/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_the_follow_post_needs_its_csrf_token(budget, follower):
    client = Client(enforce_csrf_checks=True)
    client.force_login(follower)
    assert client.post("/fi/areas/kallio/follow/").status_code == 403
    assert not Follow.objects.exists()


def test_the_team_and_an_unverified_account_may_not_follow(client, public_proposal, budget):
    # Its own team hears of it anyway; an unverified address confirms it first.
    client.force_login(public_proposal.proposer)
    page = client.get(f"/fi/proposals/{public_proposal.pk}/").content.decode()
    assert 'id="follow-button"' not in page
    client.post(f"/fi/proposals/{public_proposal.pk}/follow/")
    assert not Follow.objects.exists()
    unverified = UserFactory()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    with pytest.raises(services.FollowRefused):
        services.follow_add(by=unverified, area=budget.area)
    assert not Follow.objects.exists()


def test_a_private_proposal_cannot_be_followed(draft, follower):
    with pytest.raises(services.FollowRefused):
        services.follow_add(by=follower, pilot=draft)
    assert not Follow.objects.exists()


def test_supporting_and_commenting_follow_the_proposal(public_proposal, follower):
    supports.support_add(pilot=public_proposal, by=follower)
    assert follows(follower) == [(None, public_proposal.pk)]
    commenter = UserFactory()
    discussion_services.comment_add(
        pilot=public_proposal, thread=Thread.PROPOSAL, by=commenter, body="Hyvä!"
    )
    assert follows(commenter) == [(None, public_proposal.pk)]
    # The team's own answer does not make the team follow its own pilot.
    discussion_services.comment_add(
        pilot=public_proposal, thread=Thread.PROPOSAL, by=public_proposal.proposer, body="Kiitos"
    )
    assert follows(public_proposal.proposer) == []
