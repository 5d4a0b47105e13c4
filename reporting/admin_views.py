"""The half-year council report in the Wagtail admin: a print-friendly page and a CSV file.

Coordinators and superusers report on every area, finance too (the report holds totals and no
personal data, and finance already sees grant totals); an area director reports on their own
areas. Residents and the public never reach it.
"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from kernel.access import only_for
from kernel.admin_pages import AdminPageMixin
from reporting import exports, selectors
from reporting.forms import HalfYearForm
from reporting.permissions import may_see_council_report


class CouncilReportView(only_for(may_see_council_report), AdminPageMixin, TemplateView):
    template_name = "reporting/admin/council_report.html"
    page_title = _("Council report")
    header_icon = "doc-full"

    @cached_property
    def form(self) -> HalfYearForm:
        return HalfYearForm.for_request(self.request.GET)

    @cached_property
    def report(self) -> selectors.CouncilReport | None:
        if not self.form.is_valid():
            return None
        areas = selectors.council_report_areas(self.request.user)
        return selectors.council_report(self.form.period, areas)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv" and self.report is not None:
            period = self.report.period
            return exports.csv_response(
                exports.council_csv(self.report),
                f"minipilot-council-report-{period.year}-{period.half}.csv",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, report=self.report, columns=exports.council_columns())
        if self.report is not None:
            period = self.report.period
            query = urlencode({"year": period.year, "half": period.half, "format": "csv"})
            context["csv_url"] = f"{reverse('reporting_council_report')}?{query}"
        return context
