"""Who is told of what: comments, replies, decisions, new proposals and stories; once each,
by the closest reason, never of one's own doing."""

import pytest

from accounts.factories import UserFactory
from discussions import services as discussion_services
from discussions.models import Thread
from notifications import services
from notifications.models import Kind, Notification
from pilots import services as pilot_services
from pilots.factories import PilotFactory
from tests.city import approve, story_of

pytestmark = pytest.mark.django_db


def told(user) -> list[tuple[str, int]]:
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", "pilot_id")
    )


def add(pilot, by, thread=Thread.PROPOSAL, **kwargs):
    return discussion_services.comment_add(
        pilot=pilot, thread=thread, by=by, body="Hyvä idea!", **kwargs
    )


def test_a_comment_tells_the_team_and_the_followers_but_not_its_author(public_proposal, follower):
    co_proposer = UserFactory()
    public_proposal.co_proposers.add(co_proposer)
    services.follow_add(by=follower, pilot=public_proposal)
    author = UserFactory()
    comment = add(public_proposal, author)
    pk = public_proposal.pk
    assert told(public_proposal.proposer) == [(Kind.COMMENT_ON_MINE, pk)]
    assert told(co_proposer) == [(Kind.COMMENT_ON_MINE, pk)]
    assert told(follower) == [(Kind.FOLLOWED_COMMENT, pk)]
    assert told(author) == []
    assert Notification.objects.filter(comment=comment).count() == 3


def test_a_reply_tells_the_comments_author_once_and_the_team_tells_not_itself(public_proposal):
    co_proposer = UserFactory()
    public_proposal.co_proposers.add(co_proposer)
    asker = UserFactory()
    question = add(public_proposal, asker)  # the asker now follows the proposal too
    Notification.objects.all().delete()
    add(public_proposal, co_proposer, parent=question)
    assert told(asker) == [(Kind.REPLY, public_proposal.pk)]
    assert told(public_proposal.proposer) == []
    assert told(co_proposer) == []


def test_a_decision_tells_those_following_the_proposal_not_the_decider_or_the_team(
    public_proposal, follower, area_director
):
    services.follow_add(by=follower, pilot=public_proposal)
    services.follow_add(by=area_director, pilot=public_proposal)
    approve(public_proposal, area_director)
    assert told(follower) == [(Kind.DECISION, public_proposal.pk)]
    assert told(area_director) == []
    assert told(public_proposal.proposer) == []


def test_a_proposal_shown_publicly_tells_the_areas_followers_once(submitted, follower):
    services.follow_add(by=follower, area=submitted.area)
    proposer = submitted.proposer
    pilot_services.pilot_set_shown_publicly(pilot=submitted, by=proposer, publish=True)
    pilot_services.pilot_set_shown_publicly(pilot=submitted, by=proposer, publish=False)
    pilot_services.pilot_set_shown_publicly(pilot=submitted, by=proposer, publish=True)
    assert told(follower) == [(Kind.NEW_PROPOSAL, submitted.pk)]
    assert told(proposer) == []


def test_a_proposal_submitted_public_tells_the_areas_followers_and_a_private_one_not(
    budget, follower, proposer
):
    services.follow_add(by=follower, area=budget.area)
    public = PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
    public.shown_publicly = True
    public.save()
    pilot_services.pilot_submit(pilot=public, by=proposer)
    private = PilotFactory(call=budget.call, area=budget.area, proposer=proposer)
    pilot_services.pilot_submit(pilot=private, by=proposer)
    assert told(follower) == [(Kind.NEW_PROPOSAL, public.pk)]


def test_a_published_story_tells_the_areas_and_the_pilots_followers(
    reported, story_indexes, follower, coordinator
):
    services.follow_add(by=follower, area=reported.area)
    other = UserFactory()
    Notification.objects.all().delete()
    story = story_of(reported, story_indexes["fi"], live=False)
    story.save_revision(user=coordinator).publish(user=coordinator)
    assert told(follower) == [(Kind.NEW_STORY, reported.pk)]
    assert told(other) == [] and told(reported.proposer) == []


def test_a_deleted_account_is_told_nothing(public_proposal, follower):
    services.follow_add(by=follower, pilot=public_proposal)
    follower.is_active = False
    follower.save()
    add(public_proposal, UserFactory())
    assert told(follower) == []


def test_a_deleted_comment_takes_its_notifications_with_it(public_proposal):
    comment = add(public_proposal, UserFactory())
    assert told(public_proposal.proposer)
    discussion_services.comment_delete(comment=comment, by=comment.author)
    assert told(public_proposal.proposer) == []
