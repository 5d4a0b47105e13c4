"""The comment forms on the proposal and story pages: who gets a form, what a post does, and
each refusal (not logged in, not verified, someone else's comment, after the edit window, a
reply to a reply), CSRF included."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.factories import UserFactory
from discussions import services
from discussions.models import Comment, Thread

pytestmark = pytest.mark.django_db


def page_of(pilot) -> str:
    return f"/fi/proposals/{pilot.pk}/"


def post_url(pilot) -> str:
    return f"/fi/proposals/{pilot.pk}/comments/"


def add(pilot, by, body="Hyvä idea!", **kwargs):
    return services.comment_add(pilot=pilot, thread=Thread.PROPOSAL, by=by, body=body, **kwargs)


def test_a_visitor_reads_the_comments_and_is_offered_a_login_link_only(client, public_proposal):
    comment = add(public_proposal, UserFactory(first_name="Pekka"), "<b>hei</b>\nrivi")
    page = client.get(page_of(public_proposal)).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "&lt;b&gt;hei&lt;/b&gt;<br>rivi" in page  # escaped, line breaks kept
    assert "Pekka" in page
    assert 'name="body"' not in page and "csrfmiddlewaretoken" not in page
    assert f"/fi/accounts/login/?next=/fi/proposals/{public_proposal.pk}/" in page


def test_a_verified_resident_gets_the_form_and_posts_a_comment_and_a_reply(client, public_proposal):
    client.force_login(UserFactory())
    page = client.get(page_of(public_proposal)).content.decode()
    assert 'id="comment-body"' in page
    response = client.post(post_url(public_proposal), {"body": "Kysymys?"})
    top = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/fi/proposals/{public_proposal.pk}/#comment-{top.pk}"
    client.post(post_url(public_proposal), {"body": "Vastaus.", "parent": top.pk})
    assert Comment.objects.get(parent=top).body == "Vastaus."
    page = client.get(page_of(public_proposal)).content.decode()
    assert f'id="reply-{top.pk}"' in page


def test_posting_needs_a_login(client, public_proposal):
    response = client.post(post_url(public_proposal), {"body": "Hei"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Comment.objects.exists()


def test_an_unverified_account_is_refused_and_told_why(client, public_proposal):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.force_login(user)
    assert 'id="comment-body"' not in client.get(page_of(public_proposal)).content.decode()
    response = client.post(post_url(public_proposal), {"body": "Hei"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Comment.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(public_proposal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert client.post(post_url(public_proposal), {"body": "Hei"}).status_code == 403
    assert not Comment.objects.exists()


def test_a_reply_to_a_reply_is_refused(client, public_proposal):
    top = add(public_proposal, UserFactory())
    reply = add(public_proposal, UserFactory(), parent=top)
    client.force_login(UserFactory())
    client.post(post_url(public_proposal), {"body": "Syvemmälle", "parent": reply.pk})
    client.post(post_url(public_proposal), {"body": "Ei näin", "parent": "x"})
    assert Comment.objects.count() == 2


def test_a_private_proposal_takes_no_comments(client, submitted):
    client.force_login(UserFactory())
    response = client.post(post_url(submitted), {"body": "Hei"})
    assert response.url == "/fi/proposals/"
    assert not Comment.objects.exists()


def test_the_author_edits_and_deletes_from_the_page(client, public_proposal):
    author = UserFactory()
    comment = add(public_proposal, author)
    client.force_login(author)
    page = client.get(page_of(public_proposal)).content.decode()
    assert (
        f"/fi/comments/{comment.pk}/edit/" in page and f"/fi/comments/{comment.pk}/delete/" in page
    )
    assert client.get(f"/fi/comments/{comment.pk}/edit/").status_code == 200
    client.post(f"/fi/comments/{comment.pk}/edit/", {"body": "Korjattu"})
    comment.refresh_from_db()
    assert comment.body == "Korjattu"
    response = client.post(f"/fi/comments/{comment.pk}/delete/")
    assert response.url == page_of(public_proposal)
    assert not Comment.objects.exists()


def test_someone_elses_comment_is_neither_edited_nor_deleted(client, public_proposal):
    comment = add(public_proposal, UserFactory())
    client.force_login(UserFactory())
    page = client.get(page_of(public_proposal)).content.decode()
    assert f"/fi/comments/{comment.pk}/edit/" not in page
    assert f"/fi/comments/{comment.pk}/delete/" not in page
    assert client.get(f"/fi/comments/{comment.pk}/edit/").status_code == 302
    client.post(f"/fi/comments/{comment.pk}/edit/", {"body": "Toinen"})
    client.post(f"/fi/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.body == "Hyvä idea!"


def test_after_the_window_the_edit_link_goes_and_the_edit_is_refused(
    client, public_proposal, settings
):
    author = UserFactory()
    comment = add(public_proposal, author)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=comment.created_at - timedelta(minutes=settings.COMMENT_EDIT_MINUTES + 1)
    )
    client.force_login(author)
    page = client.get(page_of(public_proposal)).content.decode()
    assert f"/fi/comments/{comment.pk}/edit/" not in page
    assert f"/fi/comments/{comment.pk}/delete/" in page  # deleting one's own has no window
    response = client.post(f"/fi/comments/{comment.pk}/edit/", {"body": "Myöhässä"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    comment.refresh_from_db()
    assert comment.body == "Hyvä idea!"


def test_team_and_staff_answers_carry_a_badge_with_text(client, public_proposal, coordinator):
    question = add(public_proposal, UserFactory())
    add(public_proposal, public_proposal.proposer, "Vastaus", parent=question)
    add(public_proposal, coordinator, "Kaupungin vastaus", parent=question)
    page = client.get(f"/en/proposals/{public_proposal.pk}/").content.decode()
    assert '<span class="badge">Proposer</span>' in page
    assert '<span class="badge">City staff</span>' in page


def test_a_story_takes_questions_on_its_page(client, stories):
    story = stories["library"]
    client.force_login(UserFactory())
    page = client.get(story.url).content.decode()
    assert f'action="/fi/stories/{story.pk}/comments/"' in page
    response = client.post(f"/fi/stories/{story.pk}/comments/", {"body": "Miten kävi?"})
    comment = Comment.objects.get()
    assert comment.thread == Thread.STORY and comment.pilot == story.pilot
    assert response.url == f"{story.url}#comment-{comment.pk}"
    assert f'id="comment-{comment.pk}"' in Client().get(story.url).content.decode()


def test_an_unpublished_story_takes_no_questions(client, stories):
    client.force_login(UserFactory())
    assert (
        client.post(f"/fi/stories/{stories['draft'].pk}/comments/", {"body": "?"}).status_code
        == 404
    )
    assert not Comment.objects.exists()


def test_a_removed_comment_with_replies_shows_its_place(client, public_proposal):
    author = UserFactory()
    top = add(public_proposal, author, "Poistuva teksti")
    add(public_proposal, UserFactory(), "Jää", parent=top)
    services.comment_delete(comment=top, by=author)
    page = client.get(f"/en/proposals/{public_proposal.pk}/").content.decode()
    assert "Comment removed" in page and "Poistuva teksti" not in page and "Jää" in page


def test_the_proposal_list_counts_each_proposals_comments(client, public_proposal):
    top = add(public_proposal, UserFactory())
    add(public_proposal, UserFactory(), parent=top)
    removed = add(public_proposal, UserFactory())
    services.comment_delete(comment=removed, by=removed.author)
    page = client.get("/en/proposals/").content.decode()
    assert "2 comments" in page


def test_a_draft_storys_preview_takes_no_comments(rf, stories, coordinator):
    request = rf.get("/admin/")
    request.user = coordinator
    response = stories["draft"].make_preview_request(request)
    html = response.render().content.decode()
    assert 'id="comments-title"' in html and 'id="comment-body"' not in html
