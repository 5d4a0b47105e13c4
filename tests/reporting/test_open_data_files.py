"""The open-data files as stored: built once, rebuilt after a change, served with ETag,
Last-Modified and gzip, and swapped whole."""

import gzip

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from pilots import services
from reporting import open_data_files
from reporting.models import OpenDataFile, OpenDataKind, OpenDataState
from reporting.open_data_files import all_files, build, open_data_changed, rebuild
from tests.city import approve

pytestmark = [pytest.mark.django_db, pytest.mark.open_data]

JSON = "/fi/open-data/grants.json"


def test_the_first_download_builds_its_own_file_once(client, grants_city):
    assert not OpenDataFile.objects.exists()
    first = client.get(JSON)
    assert first.status_code == 200
    assert list(OpenDataFile.objects.values_list("kind", "language")) == [
        (OpenDataKind.GRANTS_JSON, "fi")
    ]
    again = client.get(JSON)
    assert again.content == first.content
    assert OpenDataFile.objects.count() == 1


def test_a_stored_file_is_served_with_its_etag_and_a_304_to_a_conditional_get(
    client, grants_city, django_assert_num_queries
):
    response = client.get(JSON)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and response["Vary"] == "Accept-Encoding"
    assert response["Content-Length"] == str(len(response.content))
    with django_assert_num_queries(0):  # the row is in the cache
        assert client.get(JSON, headers={"if-none-match": etag}).status_code == 304
    not_modified = client.get(JSON, headers={"if-modified-since": modified})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(JSON, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_gzip_is_the_precompressed_copy_of_the_same_file(client, grants_city):
    plain = client.get("/fi/open-data/grants.csv")
    compressed = client.get("/fi/open-data/grants.csv", headers={"accept-encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] != plain["ETag"]
    assert compressed["Content-Disposition"] == 'attachment; filename="minipilot-grants.csv"'
    refused = client.get("/fi/open-data/grants.csv", headers={"accept-encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused


def test_a_large_file_is_streamed(client, grants_city, monkeypatch):
    whole = client.get(JSON).content
    monkeypatch.setattr(open_data_files, "WHOLE_FILE_BYTES", 10)
    streamed = client.get(JSON)
    assert streamed.streaming
    assert b"".join(streamed.streaming_content) == whole


def test_a_decision_rebuilds_the_files(
    client, grants_city, submitted, area_director, django_capture_on_commit_callbacks
):
    before = client.get(JSON)
    assert submitted.title not in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, area_director)
    # The rebuild task ran on commit (the tests' immediate backend): every file, none left stale.
    assert OpenDataFile.objects.count() == len(all_files())
    after = client.get(JSON)
    assert submitted.title in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert submitted.title in client.get("/sv/open-data/avustukset.csv").content.decode()


def test_withdrawing_name_consent_rebuilds_the_files(
    client, grants_city, django_capture_on_commit_callbacks
):
    original = grants_city["original"]
    assert "Aino Asukas" in client.get(JSON).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.pilot_set_name_consent(pilot=original, by=original.proposer, publish=False)
    assert "Aino Asukas" not in client.get(JSON).content.decode()
    assert "Aino Asukas" not in client.get("/fi/open-data/avustukset.csv").content.decode()


def test_changes_in_one_transaction_ask_once(grants_city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for pilot in (grants_city["original"], grants_city["adapted"], grants_city["cancelled"]):
            pilot.save()
        grants_city["rejected"].save()  # no grant, no change to the files
    assert callbacks.count(open_data_changed) == 1


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_burst_of_changes_queues_one_rebuild(grants_city):
    default_task_backend.clear()
    for _change in range(5):
        open_data_changed()
    assert OpenDataState.objects.get().changes == 5
    [queued] = default_task_backend.results
    assert queued.task.name == "build_open_data"
    # It waits for the burst to end before it runs.
    assert queued.task.run_after > timezone.now()
    rebuild()
    assert OpenDataState.objects.get().rebuild_queued_at is None
    assert set(OpenDataFile.objects.values_list("changes", flat=True)) == {5}
    open_data_changed()  # a change after the rebuild started queues the next one
    assert len(default_task_backend.results) == 2


def _names(row) -> list[str]:
    return [row.file.name, row.gzip_file.name]


def build_json(changes: int, capture) -> None:
    """Build the Finnish JSON as a committed build does (its deletions run on commit)."""
    with capture(execute=True):
        build([(OpenDataKind.GRANTS_JSON, "fi")], changes=changes)


def test_the_previous_file_stays_until_the_next_build_replaces_it(
    grants_city, django_capture_on_commit_callbacks
):
    build_json(1, django_capture_on_commit_callbacks)
    first = OpenDataFile.objects.get()
    build_json(2, django_capture_on_commit_callbacks)
    second = OpenDataFile.objects.get()
    assert second.previous_files == _names(first)
    assert all(default_storage.exists(name) for name in _names(first) + _names(second))
    build_json(3, django_capture_on_commit_callbacks)
    third = OpenDataFile.objects.get()
    assert not any(default_storage.exists(name) for name in _names(first))
    assert all(default_storage.exists(name) for name in _names(second) + _names(third))


def test_a_build_that_saw_fewer_changes_never_replaces_a_newer_one(
    grants_city, django_capture_on_commit_callbacks
):
    build_json(4, django_capture_on_commit_callbacks)
    newer = OpenDataFile.objects.get()
    before = set(default_storage.listdir("open-data")[1])
    build_json(3, django_capture_on_commit_callbacks)
    assert OpenDataFile.objects.get().file.name == newer.file.name
    # The late build's own files are deleted, not left behind.
    assert set(default_storage.listdir("open-data")[1]) == before
