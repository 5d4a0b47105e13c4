"""A proposer invites a co-proposer and the invitee joins, with the keyboard alone, in Chromium."""

import re

import pytest
from django.core import mail

from accounts.factories import UserFactory
from pilots.models import CoProposer
from tests.browser.axe import serious_violations
from tests.browser.session import PASSWORD, log_in


@pytest.fixture
def friend(db):
    return UserFactory(
        email="ville@example.org", first_name="Ville", last_name="Ystävä", password=PASSWORD
    )


def test_the_invitee_signs_in_from_the_emailed_link_and_joins_by_keyboard(
    browser, live_server, site_pages, draft, friend
):
    proposer = draft.proposer
    proposer.set_password(PASSWORD)
    proposer.save()

    inviter = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    log_in(inviter, proposer.email, "en")
    inviter.goto(f"/en/pilots/{draft.pk}/")
    inviter.get_by_role("link", name="Invite co-proposers and manage the team").click()
    inviter.locator("#id_email").focus()
    inviter.keyboard.type(friend.email)
    with inviter.expect_navigation():  # the page answering the POST, not the form's own
        inviter.keyboard.press("Enter")
    assert friend.email in inviter.locator("#invitations").inner_text()
    assert serious_violations(inviter) == []
    (message,) = [message for message in mail.outbox if message.to == [friend.email]]
    link = re.search(r"https?://\S+/co-proposer-invitations/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]

    invitee = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    invitee.goto(path)  # not signed in: the login page, which returns here afterwards
    invitee.locator("#id_login").fill(friend.email)
    invitee.locator("#id_password").fill(PASSWORD)
    invitee.locator("#id_password").press("Enter")
    invitee.wait_for_url(f"**{path}")
    assert serious_violations(invitee) == []
    invitee.locator("#id_publish_name").focus()
    invitee.keyboard.press("Space")
    invitee.keyboard.press("Tab")
    assert invitee.evaluate("document.activeElement.value") == "accept"
    invitee.keyboard.press("Enter")
    invitee.wait_for_url(f"**/en/pilots/{draft.pk}/")
    member = CoProposer.objects.get(pilot=draft)
    assert member.user == friend and member.publish_name is True
    inviter.context.close()
    invitee.context.close()
