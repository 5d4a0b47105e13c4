"""Finance's view of grants in the Wagtail admin: filter, inspect, and pay."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from grants.models import Grant, GrantStatus
from grants.services import PaymentRefused, grant_claim_payment, may_pay
from grants.tasks import submit_payment


class GrantInspectView(InspectView):
    template_name = "grants/admin/grant_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Grant.objects.select_related("pilot__area", "pilot__call", "pilot__proposer"),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            grant=self.object,
            payments=self.object.payments.select_related("requested_by"),
            can_pay=may_pay(self.request.user)
            and self.object.status in (GrantStatus.READY, GrantStatus.BLOCKED),
            **kwargs,
        )

    @property
    def header_more_buttons(self):
        return []


class GrantPayView(View):
    """Claim the payment now (so a refusal is shown at once); Stripe is called by a task."""

    def post(self, request, pk):
        grant = get_object_or_404(Grant, pk=pk)
        try:
            payment = grant_claim_payment(grant=grant, by=request.user)
        except PaymentRefused as refused:
            messages.error(request, refused.message)
        else:
            transaction.on_commit(lambda: submit_payment.enqueue(payment.pk))
            messages.success(request, _("The payment was started."))
        return redirect("grants_admin:inspect", pk)


class GrantViewSet(ModelViewSet):
    model = Grant
    name = "grants_admin"
    url_prefix = "grants"
    icon = "success"
    menu_label = _("Grants")
    menu_order = 110
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = GrantInspectView
    list_display = [
        TitleColumn("pilot", label=_("Pilot"), url_name="grants_admin:inspect"),
        "amount",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display", primary=False),
        "method",
        "created_at",
    ]
    list_filter = ["status", "method", "pilot__area", "pilot__call"]
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        # No add, edit or delete: approvals create grants, services change them.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("pay/<int:pk>/", GrantPayView.as_view(), name="pay"),
        ]
