from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reporting.admin_views import CouncilReportView
from reporting.permissions import may_see_council_report


class CouncilReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_council_report(request.user)


@hooks.register("register_admin_urls")
def register_council_report_url():
    return [path("council-report/", CouncilReportView.as_view(), name="reporting_council_report")]


@hooks.register("register_admin_menu_item")
def register_council_report_menu_item():
    return CouncilReportMenuItem(
        _("Council report"), reverse("reporting_council_report"), icon_name="doc-full", order=900
    )
