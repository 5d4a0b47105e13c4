"""Comments and questions: who may write, reply, edit and delete, and who is told."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from accounts.factories import UserFactory
from discussions import services
from discussions.errors import CommentRefused
from discussions.models import COMMENT_MAX_LENGTH, AuthorRole, Comment, Thread
from pilots import services as pilot_services
from pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db


def add(pilot, by, body="Hyvä idea!", thread=Thread.PROPOSAL, **kwargs):
    return services.comment_add(pilot=pilot, thread=thread, by=by, body=body, **kwargs)


def test_a_verified_resident_comments_on_a_public_proposal(public_proposal):
    comment = add(public_proposal, UserFactory(), "Kysymys:\nmilloin?")
    assert comment.author_role == AuthorRole.RESIDENT
    assert Comment.objects.get().body == "Kysymys:\nmilloin?"


def test_the_team_answers_as_the_team(public_proposal):
    co_proposer = UserFactory()
    public_proposal.co_proposers.add(co_proposer)
    question = add(public_proposal, UserFactory())
    answer = add(public_proposal, co_proposer, "Kesäkuussa.", parent=question)
    assert answer.author_role == AuthorRole.TEAM and answer.parent == question


def test_staff_answers_are_marked_as_staff(public_proposal, coordinator):
    assert add(public_proposal, coordinator).author_role == AuthorRole.STAFF


@pytest.mark.parametrize("who", ["anonymous", "unverified"])
def test_anonymous_and_unverified_accounts_cannot_comment(public_proposal, who):
    user = AnonymousUser() if who == "anonymous" else UserFactory()
    if who == "unverified":
        EmailAddress.objects.filter(user=user).update(verified=False)
    with pytest.raises(CommentRefused):
        add(public_proposal, user)
    assert not Comment.objects.exists()


def test_a_private_proposal_takes_no_comments(submitted):
    with pytest.raises(CommentRefused):
        add(submitted, UserFactory())
    assert not Comment.objects.exists()


def test_a_story_takes_questions_while_it_is_live(stories):
    resident = UserFactory()
    comment = add(stories["library"].pilot, resident, thread=Thread.STORY)
    assert comment.thread == Thread.STORY
    with pytest.raises(CommentRefused):
        add(stories["draft"].pilot, resident, thread=Thread.STORY)
    with pytest.raises(CommentRefused):  # a funded pilot is no public proposal
        add(stories["library"].pilot, resident, thread=Thread.PROPOSAL)


@pytest.mark.parametrize("body", ["", "   \n ", "x" * (COMMENT_MAX_LENGTH + 1)])
def test_empty_and_too_long_comments_are_refused(public_proposal, body):
    with pytest.raises(CommentRefused):
        add(public_proposal, UserFactory(), body)
    assert not Comment.objects.exists()


def test_one_level_of_replies_only(public_proposal):
    resident = UserFactory()
    top = add(public_proposal, resident)
    reply = add(public_proposal, UserFactory(), parent=top)
    with pytest.raises(CommentRefused):
        add(public_proposal, resident, parent=reply)
    assert Comment.objects.count() == 2


def test_a_reply_stays_in_its_parents_thread(public_proposal, budget):
    other = PilotFactory(call=budget.call, area=budget.area, shown_publicly=True)
    pilot_services.pilot_submit(pilot=other, by=other.proposer)
    top = add(public_proposal, UserFactory())
    add(other, UserFactory())  # open to comments
    with pytest.raises(CommentRefused):
        add(other, UserFactory(), parent=top)
    with pytest.raises(CommentRefused):
        add(public_proposal, UserFactory(), parent=top, thread=Thread.STORY)
    assert Comment.objects.filter(parent=top).count() == 0


def test_the_author_edits_within_the_window_only(public_proposal, settings):
    author = UserFactory()
    comment = add(public_proposal, author)
    services.comment_edit(comment=comment, by=author, body="Korjattu.")
    comment.refresh_from_db()
    assert comment.body == "Korjattu." and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(
        created_at=comment.created_at - timedelta(minutes=settings.COMMENT_EDIT_MINUTES + 1)
    )
    with pytest.raises(CommentRefused):
        services.comment_edit(comment=comment, by=author, body="Myöhässä.")
    comment.refresh_from_db()
    assert comment.body == "Korjattu."


def test_nobody_edits_or_deletes_someone_elses_comment(public_proposal, coordinator):
    comment = add(public_proposal, UserFactory())
    for user in (UserFactory(), coordinator, public_proposal.proposer):
        with pytest.raises(CommentRefused):
            services.comment_edit(comment=comment, by=user, body="Toinen.")
        with pytest.raises(CommentRefused):
            services.comment_delete(comment=comment, by=user)
    comment.refresh_from_db()
    assert comment.body == "Hyvä idea!"


def test_a_deleted_comment_without_replies_goes(public_proposal):
    author = UserFactory()
    services.comment_delete(comment=add(public_proposal, author), by=author)
    assert not Comment.objects.exists()


def test_a_deleted_comment_with_replies_leaves_its_place_until_the_last_reply_goes(
    public_proposal,
):
    author, replier = UserFactory(), UserFactory()
    top = add(public_proposal, author, "Salaisuus")
    reply = add(public_proposal, replier, parent=top)
    services.comment_delete(comment=top, by=author)
    top.refresh_from_db()
    assert top.is_removed and top.body == "" and "Salaisuus" not in str(top.__dict__)
    with pytest.raises(CommentRefused):
        add(public_proposal, UserFactory(), parent=top)
    services.comment_delete(comment=reply, by=replier)
    assert not Comment.objects.exists()


def test_removing_all_of_a_users_comments(public_proposal):
    leaving, staying = UserFactory(), UserFactory()
    answered = add(public_proposal, leaving)
    add(public_proposal, staying, parent=answered)
    alone = add(public_proposal, leaving)
    own_reply = add(public_proposal, leaving, parent=add(public_proposal, staying))
    assert services.comments_remove_all_of(user=leaving) == 3
    assert not Comment.objects.filter(pk__in=[alone.pk, own_reply.pk]).exists()
    answered.refresh_from_db()
    assert answered.is_removed and answered.body == ""
    assert Comment.objects.filter(author=staying).count() == 2
