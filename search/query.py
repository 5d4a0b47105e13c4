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

from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from search import analysis
from search.models import Posting, Term

MAX_QUERY_WORDS = 10
TYPO_MIN_LENGTH = 5
# A three-letter stem is a useful start of a word ("kir" of "kirja") but is inside far too many.
INSIDE_MIN_LENGTH = 4
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
        inside = len(form) >= INSIDE_MIN_LENGTH
        condition |= Q(text__contains=form) if inside else Q(text__startswith=form)
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
            elif any(len(form) >= INSIDE_MIN_LENGTH and form in text for form in parts):
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


def _expand_compounds(words: list[str], matches: dict[str, dict[int, float]]) -> list[str]:
    """A Finnish compound that matches nothing whole is looked for by its parts, each of which
    must match: "kompostikehikko" finds a story of a "kompostori" built in a "kehikko"."""
    expanded = []
    for word in words:
        parts = analysis.compound_parts(word, "fi")
        expanded.extend(sorted(parts) if not matches[word] and len(parts) > 1 else [word])
    return list(dict.fromkeys(expanded))


def _scores(kind: str, words: list[str], within: QuerySet | None) -> dict[int, dict[str, float]]:
    """For each matching object, each word's best score; one grouped query per word, so the
    database returns one row per object rather than one per matching term."""
    matches = _matches(words)
    if any(not matches[word] for word in words):
        words = _expand_compounds(words, matches)
        matches = _matches(words)
    best: dict[int, dict[str, float]] = defaultdict(dict)
    for word in words:
        if not matches[word]:
            continue
        by_strength = defaultdict(list)
        for pk, strength in matches[word].items():
            by_strength[strength].append(pk)
        strength = Case(
            *(When(term_id__in=pks, then=Value(value)) for value, pks in by_strength.items()),
            output_field=FloatField(),
        )
        postings = Posting.objects.filter(term_id__in=list(matches[word]), document__kind=kind)
        if within is not None:
            postings = postings.filter(document__object_id__in=within)
        rows = (
            postings.values("document__object_id")
            .annotate(score=Max(ExpressionWrapper(F("weight") * strength, FloatField())))
            .values_list("document__object_id", "score")
        )
        for object_id, score in rows:
            best[object_id][word] = score
    return best


def rank(kind: str, text: str, *, within: QuerySet | None = None) -> list[int]:
    """Ids of the objects of `kind` that match `text`, best first; only those among `within`
    (a queryset of ids, e.g. `stories.values("pk")`) if it is given."""
    words = _query_words(text)
    if not words:
        return []
    best = _scores(kind, words, within)
    most = max((len(scores) for scores in best.values()), default=0)
    return sorted(
        (pk for pk, scores in best.items() if len(scores) == most or most < len(words)),
        key=lambda pk: (-len(best[pk]), -sum(best[pk].values()), -pk),
    )


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
