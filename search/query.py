"""Reading the index: ranked object ids for a query, and a spelling suggestion when none match.

A query word matches a term of the vocabulary, most strongly first: as one of its forms (itself,
a stem, a Finnish base form), as the start of a term ("pyörä" in "pyöräkorjaamo"), inside a
term ("verkstad" in "cykelverkstad", a compound's later part), or, for a word of five letters or
more that matches nothing else, with one letter wrong. A document's score for a word is its
best match times the weight of the field it is in, so a title outranks a summary, which
outranks the body. Only documents that match every word are found; if none does, those that
match most words come first. Each step is one query over the vocabulary or the postings,
whatever the number of documents.
"""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, QuerySet

from search import analysis
from search.models import Posting, Term

MAX_QUERY_WORDS = 10
TYPO_MIN_LENGTH = 5
# Beyond this many matching terms for one word, the closest ones (shortest first) are kept.
MAX_TERMS_PER_WORD = 200
EXACT, PREFIX, INSIDE, TYPO = 1.0, 0.6, 0.3, 0.25
SUGGESTION_DISTANCE = 2


def _query_words(text: str) -> list[str]:
    return list(dict.fromkeys(analysis.words(text)))[:MAX_QUERY_WORDS]


def _matches(words: list[str]) -> dict[str, dict[int, float]]:
    """For each query word, the ids of the vocabulary terms it matches, with the strength."""
    forms = {word: analysis.query_forms(word) for word in words}
    long_forms = {form for word_forms in forms.values() for form in word_forms}
    long_forms = {form for form in long_forms if len(form) >= analysis.MIN_PART}
    condition = Q(text__in={form for word_forms in forms.values() for form in word_forms})
    for form in long_forms:
        condition |= Q(text__contains=form)
    vocabulary = list(Term.objects.filter(condition).values_list("pk", "text"))
    matches: dict[str, dict[int, float]] = {}
    for word, word_forms in forms.items():
        parts = [form for form in word_forms if len(form) >= analysis.MIN_PART]
        found = {}
        for pk, text in vocabulary:
            if text in word_forms:
                found[pk] = (EXACT, len(text))
            elif any(text.startswith(form) for form in parts):
                found[pk] = (PREFIX, len(text))
            elif any(form in text for form in parts):
                found[pk] = (INSIDE, len(text))
        closest = sorted(found.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
        matches[word] = {pk: strength for pk, (strength, _length) in closest[:MAX_TERMS_PER_WORD]}
    _add_typos(matches, forms)
    return matches


def _add_typos(matches: dict[str, dict[int, float]], forms: dict[str, frozenset[str]]) -> None:
    """One wrong letter is forgiven in a longer word that matches nothing as written."""
    unmatched = {
        word: {form for form in forms[word] if len(form) >= TYPO_MIN_LENGTH}
        for word, found in matches.items()
        if not found and len(word) >= TYPO_MIN_LENGTH
    }
    lengths = {
        len(form) + step for typos in unmatched.values() for form in typos for step in (-1, 0, 1)
    }
    if not lengths:
        return
    for pk, text in Term.objects.filter(length__in=lengths).values_list("pk", "text"):
        for word, typos in unmatched.items():
            if any(analysis.within_one_edit(form, text) for form in typos):
                matches[word][pk] = TYPO


def rank(kind: str, text: str, *, within: QuerySet | None = None) -> list[int]:
    """Ids of the objects of `kind` that match `text`, best first; only those among `within`
    (a queryset of ids, e.g. `stories.values("pk")`) if it is given."""
    words = _query_words(text)
    if not words:
        return []
    matches = _matches(words)
    strengths = defaultdict(list)  # term id -> [(word, strength)]
    for word, found in matches.items():
        for pk, strength in found.items():
            strengths[pk].append((word, strength))
    if not strengths:
        return []
    postings = Posting.objects.filter(term_id__in=list(strengths), document__kind=kind)
    if within is not None:
        postings = postings.filter(document__object_id__in=within)
    best: dict[int, dict[str, float]] = defaultdict(dict)
    for object_id, term_id, weight in postings.values_list(
        "document__object_id", "term_id", "weight"
    ):
        scores = best[object_id]
        for word, strength in strengths[term_id]:
            if scores.get(word, 0) < weight * strength:
                scores[word] = weight * strength
    if any(len(scores) == len(words) for scores in best.values()):
        best = {pk: scores for pk, scores in best.items() if len(scores) == len(words)}
    return sorted(best, key=lambda pk: (-len(best[pk]), -sum(best[pk].values()), -pk))


def suggest(kind: str, text: str) -> str | None:
    """The query with each word that matches nothing replaced by the closest word written in a
    document of `kind`, or None if there is nothing to correct or nothing close."""
    words = _query_words(text)
    if not words:
        return None
    matches = _matches(words)
    unmatched = [word for word in words if not matches[word]]
    if not unmatched:
        return None
    lengths = {
        len(word) + step
        for word in unmatched
        for step in range(-SUGGESTION_DISTANCE, SUGGESTION_DISTANCE + 1)
    }
    used = Posting.objects.filter(term=OuterRef("pk"), document__kind=kind)
    candidates = list(
        Term.objects.filter(Exists(used), is_word=True, length__in=lengths).values_list(
            "text", flat=True
        )
    )
    corrected = {}
    for word in unmatched:
        distances = sorted(
            (analysis.edit_distance(word, candidate), candidate)
            for candidate in candidates
            if abs(len(candidate) - len(word)) <= SUGGESTION_DISTANCE
            # Each edit changes at most two letters of the set: a cheap test before the full one.
            and len(set(word) ^ set(candidate)) <= 2 * SUGGESTION_DISTANCE
        )
        if distances and distances[0][0] <= SUGGESTION_DISTANCE:
            corrected[word] = distances[0][1]
    if not corrected:
        return None
    return " ".join(corrected.get(word, word) for word in words)
