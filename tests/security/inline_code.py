"""What a content security policy without 'unsafe-inline' would block in a page."""

from bs4 import BeautifulSoup


def inline_code(html: str) -> list[str]:
    """Everything in a page that a CSP without 'unsafe-inline' would block."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type") != "application/json":
            found.append(str(script)[:80])
    found += [str(style)[:80] for style in soup.find_all("style")]
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            if attribute == "style" or attribute.startswith("on"):
                found.append(f"<{tag.name} {attribute}={value!r}>")
            if attribute in ("href", "src", "action") and str(value).strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"<{tag.name} {attribute}={value!r}>")
    return found
