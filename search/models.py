"""The index: documents, the vocabulary of their distinct terms, and postings between them.

Terms are analysed in Python (search.analysis), never by the database, so SQLite and PostgreSQL
hold the same rows and answer a query alike. Every lookup a query makes runs over the vocabulary
of distinct terms, which grows far more slowly than the documents.
"""

from django.db import models


class Document(models.Model):
    """One searchable object, named by its kind (e.g. "pilots.story") and id."""

    kind = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Term(models.Model):
    """A distinct term: a word as written (`is_word`), or its stem, base form or compound part.

    Only words as written are offered as spelling suggestions."""

    text = models.CharField(max_length=64, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)
    is_word = models.BooleanField(default=False)

    def __str__(self):
        return self.text


class Posting(models.Model):
    """A term occurs in a document; `weight` is that of the heaviest field it occurs in."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="postings")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="postings")
    weight = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "document"], name="search_posting_unique")
        ]

    def __str__(self):
        return f"{self.term_id} in {self.document_id}"
