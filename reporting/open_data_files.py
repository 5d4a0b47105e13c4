"""The open-data files: built in the background after a change, served as they are stored.

The safety rule first: **a download is always one build's complete file**. A build writes each
file, and its gzip-compressed copy, under a name of its own; only when both are complete does
it point the file's row (reporting.models.OpenDataFile) at them, in one UPDATE. The files of the
build before stay in storage until the next build replaces them, so a download that looked the
row up a moment before the swap still finds its file.

- *When*: a change that the files show (a decision, a grant paid or cancelled, a story
  published, a name given or withdrawn: reporting.receivers) calls `open_data_changed` once its
  transaction commits. That counts the change and queues one rebuild, unless one already waits:
  a burst of changes gives one rebuild.
- *How*: `build` reads the decided grants once, as rows (reporting.selectors), and writes every
  file from them as it goes: one grant at a time through each writer, text encoded, hashed and
  compressed in 1 MiB blocks. Nothing holds a whole file.
- *Serving*: `serve` answers from the stored file with its ETag and Last-Modified, a 304 to a
  conditional GET, and the precompressed copy to a client that accepts gzip. The row is kept in
  the cache for a minute, so a download costs no query. The first request before any build
  builds its own file once, synchronously.
"""

import datetime
import gzip
import hashlib
import io
import logging
import secrets
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import FileResponse, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from pilots.models import Area, Call, SustainableDevelopmentGoal, Theme
from reporting import exports, selectors
from reporting.giving360 import PackageWriter, RecordContext, grant_record, record_shape
from reporting.models import OpenDataFile, OpenDataKind, OpenDataState
from reporting.task_handles import reporting_task

logger = logging.getLogger(__name__)

STATE = 1  # the pk of the one OpenDataState row
# A burst of changes (a payment run's chunks, a director's morning of decisions) waits this
# long for its last change before the files are rebuilt once.
REBUILD_DELAY = datetime.timedelta(seconds=10)
# A rebuild queued this long ago and not started (its worker lost) no longer holds back the next.
QUEUED_EXPIRES = datetime.timedelta(minutes=15)
CACHED_SECONDS = 60
# Files up to this size are answered from memory in one piece; larger ones are streamed.
WHOLE_FILE_BYTES = 1024 * 1024
BLOCK = 1024 * 1024
# zlib's 6 compresses the CSVs and JSON to a tenth; higher levels save 2-3 % for twice the time.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class FileKind:
    stem: str
    extension: str
    content_type: str
    download_name: str
    attachment: bool
    # None: one file in each of the site's languages.
    languages: tuple[str, ...] | None = None


KINDS = {
    OpenDataKind.GRANTS_JSON: FileKind(
        "grants", "json", "application/json", "minipilot-grants.json", attachment=False
    ),
    OpenDataKind.GRANTS_CSV: FileKind(
        "grants", "csv", "text/csv; charset=utf-8", "minipilot-grants.csv", attachment=True
    ),
    # The Finnish file is Finnish whatever the page's language: names, statuses, everything.
    OpenDataKind.GRANTS_FINNISH_CSV: FileKind(
        "avustukset",
        "csv",
        "text/csv; charset=utf-8",
        "minipilot-avustukset.csv",
        attachment=True,
        languages=("fi",),
    ),
}


def all_files() -> list[tuple[str, str]]:
    """(kind, language) of every file the site publishes."""
    site_languages = tuple(code for code, _name in settings.LANGUAGES)
    return [
        (kind, language)
        for kind, spec in KINDS.items()
        for language in (spec.languages or site_languages)
    ]


# When: counting changes, and queueing one rebuild for a burst of them.


def count_change() -> int:
    """Count one change to what the files show; returns the count."""
    with transaction.atomic():
        if not OpenDataState.objects.filter(pk=STATE).update(changes=F("changes") + 1):
            OpenDataState.objects.get_or_create(pk=STATE)
            OpenDataState.objects.filter(pk=STATE).update(changes=F("changes") + 1)
        return OpenDataState.objects.get(pk=STATE).changes


def open_data_changed() -> None:
    """Count a committed change and queue a rebuild, unless one is already waiting to start."""
    now = timezone.now()
    with transaction.atomic():
        count_change()
        waiting = Q(rebuild_queued_at__gt=now - QUEUED_EXPIRES)
        if OpenDataState.objects.filter(pk=STATE).exclude(waiting).update(rebuild_queued_at=now):
            task = reporting_task("build_open_data")
            if task.get_backend().supports_defer:
                task = task.using(run_after=now + REBUILD_DELAY)
            # In the same transaction as the flag: with the database backend both are stored
            # or neither, so the flag never waits for a task that was never queued.
            task.enqueue()


def changes_seen() -> int:
    return OpenDataState.objects.filter(pk=STATE).values_list("changes", flat=True).first() or 0


def rebuild() -> None:
    """The queued rebuild: every file made from fewer changes than counted now.

    The flag goes first, so a change committed while this runs (which this build may or may not
    read) queues the next rebuild rather than being lost.
    """
    OpenDataState.objects.filter(pk=STATE).update(rebuild_queued_at=None)
    changes = changes_seen()
    current = {
        (row["kind"], row["language"])
        for row in OpenDataFile.objects.filter(changes__gte=changes).values("kind", "language")
    }
    stale = [name for name in all_files() if name not in current]
    if stale:
        build(stale, changes=changes)


# How: one read of the grants, every file written from it as it goes.


class _Sink(io.RawIOBase):
    """Where the encoded text goes: the file, its gzip copy and its hash, block by block."""

    def __init__(self):
        self.plain = tempfile.TemporaryFile()
        self.compressed = tempfile.TemporaryFile()
        self.gzip = gzip.GzipFile(
            fileobj=self.compressed, mode="wb", compresslevel=GZIP_LEVEL, mtime=0
        )
        self.hash = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.plain.write(data)
        self.gzip.write(data)
        self.hash.update(data)
        self.size += len(data)
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self.gzip.close()
        super().close()


class _Output:
    """One file being built: a text stream through its writer into a `_Sink`."""

    def __init__(self, kind: str, language: str, context: RecordContext):
        self.kind, self.language = kind, language
        self.sink = _Sink()
        self.text = io.TextIOWrapper(
            io.BufferedWriter(self.sink, buffer_size=BLOCK), encoding="utf-8", newline=""
        )
        if kind == OpenDataKind.GRANTS_JSON:
            self.writer = PackageWriter(self.text, context)
        elif kind == OpenDataKind.GRANTS_CSV:
            self.writer = exports.FlatGrantsCsv(self.text)
        else:
            self.writer = exports.FinnishGrantsCsv(self.text)

    def finish(self, changes: int) -> None:
        self.writer.close()
        self.text.close()  # flushes through to the sink and ends the gzip stream
        spec = KINDS[self.kind]
        name = f"open-data/{spec.stem}-{self.language}-{secrets.token_hex(8)}.{spec.extension}"
        compressed_size = self.sink.compressed.tell()
        for temporary in (self.sink.plain, self.sink.compressed):
            temporary.seek(0)
        stored = default_storage.save(name, File(self.sink.plain))
        stored_gzip = default_storage.save(f"{name}.gz", File(self.sink.compressed))
        self.sink.plain.close()
        self.sink.compressed.close()
        _swap(
            self.kind,
            self.language,
            OpenDataFile(
                kind=self.kind,
                language=self.language,
                changes=changes,
                file=stored,
                gzip_file=stored_gzip,
                sha256=self.sink.hash.hexdigest(),
                size=self.sink.size,
                gzip_size=compressed_size,
                built_at=timezone.now(),
            ),
        )


def _contexts(languages) -> dict[str, RecordContext]:
    areas, calls = list(Area.objects.all()), list(Call.objects.all())
    goals, themes = list(SustainableDevelopmentGoal.objects.all()), list(Theme.objects.all())
    contexts = {}
    for language in languages:
        with translation.override(language):
            contexts[language] = RecordContext(
                areas=areas,
                calls=calls,
                goals=goals,
                themes=themes,
                base_url=settings.WAGTAILADMIN_BASE_URL,
            )
    return contexts


def build(files=None, *, changes: int | None = None) -> None:
    """Build `files` ((kind, language) pairs, every file by default) from one read of the
    grants, and put each in place of its older version (see `_swap`)."""
    files = list(files or all_files())
    if changes is None:
        changes = changes_seen()
    contexts = _contexts({language for _kind, language in files})
    outputs: dict[str, list[_Output]] = {}
    for kind, language in files:
        # The package's own titles are in the file's language too.
        with translation.override(language):
            output = _Output(kind, language, contexts[language])
        outputs.setdefault(language, []).append(output)
    for row in selectors.decided_grant_rows():
        shape = None  # the same in every language: worked out once per grant
        for language, language_outputs in outputs.items():
            record = grant_record(row, contexts[language])
            shape = shape or record_shape(record)
            for output in language_outputs:
                output.writer.add(record, shape)
    for language_outputs in outputs.values():
        for output in language_outputs:
            output.finish(changes)


def _swap(kind: str, language: str, built: OpenDataFile) -> None:
    """Point the row of (kind, language) at `built`'s files, unless a build that had seen more
    changes is already there; the files two builds old go once this commits."""
    new_files = [built.file.name, built.gzip_file.name]
    with transaction.atomic():
        row = OpenDataFile.objects.select_for_update().filter(kind=kind, language=language).first()
        if row is None:
            try:
                with transaction.atomic():
                    built.save()
            except IntegrityError:  # a build beside this one created it first
                row = OpenDataFile.objects.select_for_update().get(kind=kind, language=language)
            else:
                transaction.on_commit(lambda: _remember(built))
                return
        if row.changes >= built.changes:
            transaction.on_commit(lambda: _delete(new_files))
            return
        gone = row.previous_files
        built.pk = row.pk
        built.previous_files = [row.file.name, row.gzip_file.name]
        built.save()
    transaction.on_commit(lambda: (_remember(built), _delete(gone)))


def _delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# Serving: the stored file, its ETag and Last-Modified, gzip when the client takes it.


@dataclass(frozen=True)
class StoredFile:
    name: str
    gzip_name: str
    sha256: str
    size: int
    gzip_size: int
    built_at: datetime.datetime

    @classmethod
    def of(cls, row: OpenDataFile) -> "StoredFile":
        return cls(
            row.file.name, row.gzip_file.name, row.sha256, row.size, row.gzip_size, row.built_at
        )


def _cache_key(kind: str, language: str) -> str:
    return f"open-data-file:{kind}:{language}"


def _remember(row: OpenDataFile) -> None:
    cache.set(_cache_key(row.kind, row.language), StoredFile.of(row), CACHED_SECONDS)


def stored_file(kind: str, language: str) -> StoredFile | None:
    """The current file of `kind` in `language`, from the cache when it is there."""
    stored = cache.get(_cache_key(kind, language))
    if stored is None:
        row = OpenDataFile.objects.filter(kind=kind, language=language).first()
        if row is None:
            return None
        _remember(row)
        stored = StoredFile.of(row)
    return stored


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding allows gzip (`gzip;q=0` and `*;q=0` refuse it)."""
    allowed = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, *parameters = (part.strip() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _equals, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        allowed[coding.lower()] = quality
    return allowed.get("gzip", allowed.get("*", 0.0)) > 0


def serve(request, kind: str, language: str, *, cached: bool = True):
    """The stored file of `kind` in `language` as the answer to `request`."""
    if not cached:
        cache.delete(_cache_key(kind, language))
    stored = stored_file(kind, language)
    if stored is None:
        build([(kind, language)])
        stored = stored_file(kind, language)
    spec = KINDS[kind]
    compressed = accepts_gzip(request)
    etag = f'"{stored.sha256[:32]}{"-gzip" if compressed else ""}"'
    built_at = int(stored.built_at.timestamp())
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(built_at),
        "Cache-Control": f"public, max-age={CACHED_SECONDS}",
        "Vary": "Accept-Encoding",
        "Content-Language": language,
    }
    not_modified = get_conditional_response(request, etag=etag, last_modified=built_at)
    if not_modified is not None:
        for header, value in headers.items():
            not_modified[header] = value
        return not_modified
    name, size = (stored.gzip_name, stored.gzip_size) if compressed else (stored.name, stored.size)
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        if not cached:
            raise
        # The cached row was two builds old; the current one is in the database.
        return serve(request, kind, language, cached=False)
    if size <= WHOLE_FILE_BYTES:
        with handle:
            response = HttpResponse(handle.read(), content_type=spec.content_type)
    else:
        response = FileResponse(handle, content_type=spec.content_type)
    for header, value in headers.items():
        response[header] = value
    response["Content-Length"] = size
    response["Content-Disposition"] = (
        f'{"attachment" if spec.attachment else "inline"}; filename="{spec.download_name}"'
    )
    if compressed:
        response["Content-Encoding"] = "gzip"
    return response
