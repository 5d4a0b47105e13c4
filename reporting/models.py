"""The open-data files as stored, and the count of changes that makes them stale.

The files (reporting.open_data_files) are built in the background and served as they are
stored; each row points at the complete files of one build, and a newer build replaces the
row's files in one UPDATE, so a download never sees half a file.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataKind(models.TextChoices):
    GRANTS_JSON = "grants_json", _("360Giving data package (JSON)")
    GRANTS_CSV = "grants_csv", _("360Giving flat table (CSV)")
    GRANTS_FINNISH_CSV = "grants_finnish_csv", _("Grants with Finnish column titles (CSV)")


class OpenDataFile(models.Model):
    """The current file of one kind in one language, and its gzip-compressed copy.

    `changes` is the count of changes (OpenDataState.changes) the build had seen: a build only
    replaces files made from fewer, so a slow build that started earlier never overwrites a
    newer one. The files of the build before stay until the next one is in place, for a
    download that had just looked this row up.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=OpenDataKind.choices)
    language = models.CharField(_("language"), max_length=8)
    changes = models.PositiveBigIntegerField(_("changes seen"))
    file = models.FileField(_("file"), max_length=255)
    gzip_file = models.FileField(_("gzip-compressed file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    gzip_size = models.PositiveBigIntegerField(_("compressed size in bytes"))
    built_at = models.DateTimeField(_("built"))
    previous_files = models.JSONField(_("files of the build before"), default=list)

    class Meta:
        verbose_name = _("open-data file")
        verbose_name_plural = _("open-data files")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_open_data_file_each")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"


class OpenDataState(models.Model):
    """One row: how many changes the open data has had, and whether a rebuild is queued.

    Every change counts one; only the first of a burst queues a rebuild (`rebuild_queued_at`
    is set until the rebuild starts), so a payment run of a thousand grants builds the files
    once or twice, not a thousand times.
    """

    changes = models.PositiveBigIntegerField(_("changes"), default=0)
    rebuild_queued_at = models.DateTimeField(_("rebuild queued"), null=True, blank=True)

    class Meta:
        verbose_name = _("open-data state")
        verbose_name_plural = _("open-data states")

    def __str__(self):
        return f"{self.changes}"
