"""Taking part in the open, end to end in Chromium: resident B supports and comments on resident
A's public proposal; A, who chose a daily digest for comments, sees the notification in the list
and gets the digest; a third resident reports the comment; a coordinator hides it with grounds;
the proposal's page shows the moderator's note; the director sees the supports when deciding."""

import re

from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import ngettext

from accounts.factories import UserFactory
from discussions.models import Comment, CommentReport
from notifications.models import Notification
from tests.browser.axe import serious_violations
from tests.browser.session import PASSWORD, log_in

GROUNDS = "Personal attack on a neighbour"


def signed_in(browser, live_server, user):
    page = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    log_in(page, user.email, "en")
    return page


def test_support_comment_notify_digest_report_hide_and_decide(
    browser, live_server, site_pages, public_proposal, coordinator, area_director
):
    proposal = public_proposal
    resident_a = proposal.proposer
    resident_a.set_password(PASSWORD)
    resident_a.save()
    coordinator.set_password(PASSWORD)
    coordinator.save()
    resident_b = UserFactory(first_name="Bea", password=PASSWORD)
    resident_c = UserFactory(first_name="Cecilia", password=PASSWORD)
    url = f"/en/proposals/{proposal.pk}/"

    # A wants comments on their proposal in a daily digest, not one email each.
    a = signed_in(browser, live_server, resident_a)
    a.goto("/en/me/notifications/settings/")
    a.locator("#id_comment_on_mine_1").check()
    with a.expect_navigation():
        a.locator("#save-notification-settings").click()

    # B supports the proposal and asks a question on it.
    b = signed_in(browser, live_server, resident_b)
    b.goto(url)
    with b.expect_navigation():
        b.get_by_role("button", name="I support this").click()
    assert b.get_by_role("button", name="I support this").get_attribute("aria-pressed") == "true"
    b.locator("#comment-body").fill("You are all idiots, but when does it start?")
    with b.expect_navigation():
        b.get_by_role("button", name="Send", exact=True).click()
    comment = Comment.objects.get(author=resident_b)

    # A sees it in the header and in the list.
    a.goto("/en/pilots/")
    assert "1 unread" in a.locator("#notifications-link").inner_text()
    a.locator("#notifications-link").click()
    (unread,) = a.locator("#notification-list .notification--unread").all()
    assert proposal.title in unread.inner_text()
    assert serious_violations(a) == []
    # The daily digest carries it, with a one-click way out.
    mail.outbox.clear()
    call_command("notifications_send_digests")
    (digest,) = [message for message in mail.outbox if message.to == [resident_a.email]]
    assert proposal.title in digest.body
    assert re.match(r"<https?://\S+/unsubscribe/\S+/>", digest.extra_headers["List-Unsubscribe"])

    # Opening it from the list leads to the comment and marks it read.
    with a.expect_navigation():
        unread.get_by_role("link").first.click()
    assert a.url.endswith(f"{url}#comment-{comment.pk}")
    assert not Notification.objects.filter(recipient=resident_a, read_at__isnull=True).exists()

    # C reports the comment.
    c = signed_in(browser, live_server, resident_c)
    c.goto(url)
    report = c.locator(f"#comment-{comment.pk} details.comment__report")
    report.locator("summary").click()
    report.locator("select").select_option("abuse")
    with c.expect_navigation():
        report.get_by_role("button", name="Send the report").click()
    assert CommentReport.objects.filter(comment=comment, reporter=resident_c).exists()

    # A coordinator hides it with grounds.
    moderator = signed_in(browser, live_server, coordinator)
    moderator.goto("/admin/comments/moderation/")
    moderator.locator(f"#grounds-{comment.pk}").fill(GROUNDS)
    with moderator.expect_navigation():
        moderator.locator(f"#grounds-{comment.pk}").press("Tab")
        moderator.keyboard.press("Enter")
    comment.refresh_from_db()
    assert comment.is_hidden

    # Anyone reading the proposal sees the moderator's note in the comment's place.
    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto(url)
    note = visitor.locator(f"#comment-{comment.pk}").inner_text()
    assert GROUNDS in note and "idiots" not in note

    # The director sees the support while deciding.
    director = signed_in(browser, live_server, area_director)
    director.goto(f"/admin/proposals/decide/{proposal.pk}/approve/")
    with translation.override(area_director.language):  # the admin speaks the director's
        supports = ngettext(
            "%(counter)s resident supports this", "%(counter)s residents support this", 1
        ) % {"counter": 1}
    assert supports in director.locator("#supporters").inner_text()
