"""A resident comments on a public proposal and replies to a comment with the keyboard alone."""

from discussions.models import Comment
from tests.browser.session import PASSWORD, log_in

FOCUSED = "document.activeElement.id || document.activeElement.textContent.trim()"


def tab_to(page, key: str, limit: int = 150) -> None:
    """Press Tab until the control whose id (or text) is `key` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == key:
            return
    raise AssertionError(f"Tab never reached {key}")


def test_a_comment_and_a_reply_by_keyboard(page, public_proposal, proposer):
    proposer.set_password(PASSWORD)
    proposer.save()
    log_in(page, proposer.email, "en")
    page.goto(f"/en/proposals/{public_proposal.pk}/")

    page.locator("body").focus()
    tab_to(page, "comment-body")
    page.keyboard.type("When does it start?\nAnd where?")
    tab_to(page, "Send")
    page.keyboard.press("Enter")
    page.wait_for_url("**#comment-*")
    comment = Comment.objects.get()
    assert comment.body == "When does it start?\nAnd where?"
    assert page.url.endswith(f"#comment-{comment.pk}")
    assert page.locator(f"#comment-{comment.pk} .badge").inner_text() == "Proposer"

    page.locator("body").focus()
    tab_to(page, "Reply")
    page.keyboard.press("Enter")  # opens the reply's <details>
    tab_to(page, f"reply-{comment.pk}")
    page.keyboard.type("In May, in the yard.")
    tab_to(page, "Send the reply")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    reply = Comment.objects.get(parent=comment)
    assert reply.body == "In May, in the yard."
    assert page.locator(f"#comment-{reply.pk}").is_visible()
