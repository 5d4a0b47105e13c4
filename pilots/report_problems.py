"""What a result report needs before the residents can submit it."""

from django.utils.translation import gettext as _

from pilots.models import ResultReport

REQUIRED_TEXT = ["what_was_done", "what_happened", "lessons"]


def report_problems(report: ResultReport) -> list[tuple[str, str]]:
    """(field name, what to fix) for everything that keeps the report from being submitted."""
    problems = [
        (
            name,
            _("Fill in “%(field)s”.") % {"field": ResultReport._meta.get_field(name).verbose_name},
        )
        for name in REQUIRED_TEXT
        if not getattr(report, name).strip()
    ]
    if not report.outcome:
        problems.append(("outcome", _("Tell whether the pilot worked.")))
    if report.would_recommend is None:
        problems.append(("would_recommend", _("Tell whether you would recommend the pilot.")))
    if not report.spending_lines.exists():
        problems.append(("spending", _("Tell how the money was used, at least one line.")))
    return problems
