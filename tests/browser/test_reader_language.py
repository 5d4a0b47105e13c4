"""A Swedish reader opens a story written in Finnish and comes back, all in Swedish."""

from tests.browser.axe import serious_violations


def assert_swedish_interface(page):
    assert page.locator("html").get_attribute("lang") == "sv", page.url
    navigation = page.locator(".site-nav").inner_text()
    assert "Pilotberättelser" in navigation and "Beslut" in navigation, navigation
    assert "Pilottitarinat" not in navigation


def test_a_swedish_reader_stays_in_swedish_through_a_finnish_story(page, stories):
    library = stories["library"]
    page.goto("/sv/")
    page.locator(".site-nav a", has_text="Pilotberättelser").click()
    page.wait_for_url("**/sv/tarinat/")
    assert_swedish_interface(page)

    page.get_by_role("link", name="Pihakirjasto").click()
    page.wait_for_url(f"**/sv/tarinat/{library.slug}/")
    assert_swedish_interface(page)
    assert page.locator("h1").get_attribute("lang") == "fi"
    assert page.locator("h1").inner_text() == "Pihakirjasto"
    assert page.locator(".story .prose[lang=fi]").count() == 3
    assert page.get_by_role("heading", name="Vad som gjordes").is_visible()
    assert page.get_by_role("note").inner_text() == (
        "Den här berättelsen finns än så länge bara på finska."
    )
    switcher = page.locator(".language-switcher a[aria-current=true]")
    assert switcher.get_attribute("href") == f"/sv/tarinat/{library.slug}/"
    assert serious_violations(page) == []

    page.locator(".story a", has_text="←").click()
    page.wait_for_url("**/sv/tarinat/")
    assert_swedish_interface(page)
    assert page.locator(".story-card").count() == 3
