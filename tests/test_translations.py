"""Every interface string of ours is translated into Finnish and Swedish, and compiled."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(po) > 0
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []

    mo = polib.mofile(LOCALE / language / "LC_MESSAGES" / "django.mo")
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    stale = [
        entry.msgid
        for entry in po
        if not entry.msgid_plural and compiled.get((entry.msgctxt, entry.msgid)) != entry.msgstr
    ]
    assert stale == [], "run `make messages` to compile the catalogue"
