"""Logging in through the public login page, as every browser journey starts."""

from tests.city import PASSWORD


def log_in(page, email, language="fi"):
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
