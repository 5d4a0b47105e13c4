"""Text analysis: words, their Snowball stems, and for Finnish Voikko's base forms and compound
parts.

Finnish inflects and compounds almost every noun ("kompostilaatikoissa" is "komposti" +
"laatikko" in the inessive plural), Swedish compounds freely ("cykelverkstad"). A document is
analysed in its own language; a query in every language, because a Swedish reader may type a
Finnish word. Voikko (Debian's libvoikko1 + voikko-fi) gives Finnish base forms and compound
parts where it is installed; elsewhere, or with the setting SEARCH_VOIKKO = False, the stemmer
alone serves and prefix and substring matching stand in for compound splitting.
"""

import re
import threading
from functools import cache, lru_cache

import Stemmer
from django.conf import settings

# Letters and digits; an underscore is no part of a word.
TOKEN = re.compile(r"[^\W_]+")
MAX_TERM = 64
# Compound parts and stems shorter than this match too much to help.
MIN_PART = 3
STEMMERS = {"fi": "finnish", "sv": "swedish", "en": "english"}
# Voikko's WORDBASES, e.g. "+komposti(komposti)+laatikko(laatikko)": each part as written and
# its base form in brackets; a derivational suffix's base starts with "+".
WORDBASE = re.compile(r"\+([^+(]*)\(([^)]*)\)")

_lock = threading.Lock()


def words(text: str) -> list[str]:
    """The text's words, lowercased, in order."""
    return [word for word in TOKEN.findall(text.lower()) if len(word) <= MAX_TERM]


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS[language])


def stem(word: str, language: str) -> str:
    # Neither a Stemmer nor Voikko may be used by two threads at once.
    with _lock:
        return _stemmer(language).stemWord(word)


@cache
def _voikko():
    """Voikko's Finnish analyser, or None where the library or its dictionary is missing."""
    try:
        import libvoikko
    except ImportError:
        return None
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException):
        return None


def voikko_available() -> bool:
    return getattr(settings, "SEARCH_VOIKKO", True) and _voikko() is not None


@lru_cache(maxsize=200_000)
def _finnish_analysis(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """Voikko's base forms of `word`, and the base forms of its parts if it is a compound."""
    with _lock:
        analyses = _voikko().analyze(word)
    bases, parts = set(), set()
    for analysis in analyses:
        if analysis.get("BASEFORM"):
            bases.add(analysis["BASEFORM"].lower())
        found = WORDBASE.findall(analysis.get("WORDBASES", ""))
        for written, base in found if len(found) > 1 else ():
            part = written if base.startswith("+") or not base else base
            if len(part) >= MIN_PART:
                parts.add(part.lower())
    words_only = (
        frozenset(form for form in forms if TOKEN.fullmatch(form)) for forms in (bases, parts)
    )
    return tuple(words_only)


def base_forms(word: str, language: str) -> frozenset[str]:
    """Voikko's base forms of a Finnish word (none where Voikko is not used)."""
    if language == "fi" and voikko_available():
        return _finnish_analysis(word)[0]
    return frozenset()


def compound_parts(word: str, language: str) -> frozenset[str]:
    """The base forms of a Finnish compound's parts: "pyöräkorjaamo" is "pyörä" + "korjaamo"."""
    if language == "fi" and voikko_available():
        return _finnish_analysis(word)[1] - {word}
    return frozenset()


@lru_cache(maxsize=200_000)
def _word_terms(word: str, language: str, voikko: bool) -> frozenset[str]:
    terms = {word, stem(word, language)}
    if voikko:
        for base in base_forms(word, language) | compound_parts(word, language):
            terms.update((base, stem(base, language)))
    return frozenset(term for term in terms if term)


def document_terms(word: str, language: str) -> frozenset[str]:
    """What a word of a document in `language` is indexed under: itself, its stem, and in
    Finnish its base forms and compound parts with their stems."""
    if language not in STEMMERS:
        return frozenset({word})
    return _word_terms(word, language, voikko_available())


def _finnish_stem_alternations(word: str) -> set[str]:
    """The oblique stems of Finnish nouns in -nen and -s, which the stemmer does not join:
    "mehiläinen" is "mehiläis-" in "mehiläispesä", "lehmukset" is "lehmus"."""
    forms = set()
    if word.endswith("nen") and len(word) > 5:
        forms.add(word[:-3] + "s")
    stemmed = stem(word, "fi")
    if stemmed.endswith("ks") and len(stemmed) > 4:
        forms.add(stemmed[:-2] + "s")
    return forms


def query_forms(word: str) -> frozenset[str]:
    """The forms a query word is looked up by: itself, its stem in every language, and its
    Finnish base forms, since the reader's language says nothing of the word's."""
    forms = {word, *_finnish_stem_alternations(word)}
    for language in STEMMERS:
        forms.add(stem(word, language))
        for base in base_forms(word, language):
            forms.update((base, stem(base, language)))
    return frozenset(form for form in forms if form)


def within_one_edit(a: str, b: str) -> bool:
    """Whether `b` is `a` with at most one typo: a letter inserted, deleted or replaced, or
    two neighbours swapped ("bicylce")."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        swapped = a[start : start + 2] == b[start : start + 2][::-1]
        return a[start + 1 :] == b[start + 1 :] or (swapped and a[start + 2 :] == b[start + 2 :])
    return a[start:] == b[start + 1 :]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, for ranking spelling suggestions."""
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            )
        previous = current
    return previous[-1]
