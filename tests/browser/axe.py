"""axe-core (bundled by axe-playwright-python, no CDN) run inside the page under test."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


def serious_violations(page) -> list[str]:
    """Describe every serious or critical axe-core violation on the page, one line each."""
    results = _axe.run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} – "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
