"""Finance's view of grants in the Wagtail admin: filter, inspect, and pay."""

import uuid
from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from grants import sepa
from grants.errors import PaymentRefused
from grants.models import Grant, GrantStatus, Payment, PaymentStatus, SepaBatch, SepaBatchStatus
from grants.permissions import may_pay, may_see_grants
from grants.selectors import grant_totals, payment_run_progress, stripe_ready_grants
from grants.stripe_payments import grant_claim_payment
from grants.tasks import submit_payment
from pilotsite.admin_readonly import ReadOnlyModelViewSet


class FinanceOnlyMixin:
    """Paying and the payment files are finance's: refuse anyone else before the view runs.

    The services refuse them too; this keeps the pages' lists of grants and masked IBANs, and
    the actions, out of other staff's reach (the URL-by-role test in tests/security checks it).
    """

    def dispatch(self, request, *args, **kwargs):
        if not may_pay(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


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
            payments=self.object.payments.select_related("requested_by").prefetch_related(
                "reversals"
            ),
            can_pay=may_pay(self.request.user)
            and self.object.method == "stripe"
            and self.object.status in (GrantStatus.READY, GrantStatus.BLOCKED),
            **kwargs,
        )

    @property
    def header_more_buttons(self):
        return []


class GrantPayView(FinanceOnlyMixin, View):
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


class GrantTotalsView(WagtailAdminTemplateMixin, TemplateView):
    """Money granted and paid per area and call, for finance's follow-up."""

    template_name = "grants/admin/grant_totals.html"
    page_title = _("Grant totals")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_grants(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=grant_totals(), **kwargs)


class GrantPayAllView(FinanceOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Pay every grant ready for a Stripe transfer, as one run whose progress finance follows."""

    template_name = "grants/admin/grant_pay_all.html"
    page_title = _("Pay all ready grants")
    header_icon = "success"

    def get_context_data(self, **kwargs):
        return super().get_context_data(grants=stripe_ready_grants(), **kwargs)

    def post(self, request):
        run, refused = uuid.uuid4(), []
        for grant in stripe_ready_grants():
            try:
                payment = grant_claim_payment(grant=grant, by=request.user, run=run)
            except PaymentRefused as refusal:
                refused.append(f"{grant.pilot.title}: {refusal.message}")
                continue
            transaction.on_commit(partial(submit_payment.enqueue, payment.pk))
        for line in refused:
            messages.error(request, line)
        return redirect("grants_admin:pay_all_progress", run)


class GrantPayRunView(WagtailAdminTemplateMixin, TemplateView):
    """The progress of one "Pay all" run. It works as a plain page with a reload link; a small
    script (no inline code, for the CSP) refreshes the counts in place, and the region is
    aria-live="polite" so screen readers hear the new counts without losing their place."""

    template_name = "grants/admin/grant_pay_progress.html"
    page_title = _("Payment progress")
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_grants(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(progress=payment_run_progress(self.kwargs["run"]), **kwargs)


class GrantIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Grant totals"), url=reverse("grants_admin:totals"), icon_name="table"),
            HeaderButton(
                _("Pay all ready grants"), url=reverse("grants_admin:pay_all"), icon_name="success"
            ),
        ]


class GrantViewSet(ReadOnlyModelViewSet):
    model = Grant
    name = "grants_admin"
    url_prefix = "grants"
    icon = "success"
    menu_label = _("Grants")
    menu_order = 110
    add_to_admin_menu = True
    index_view_class = GrantIndexView
    inspect_view_class = GrantInspectView
    list_export = [
        "pilot",
        "pilot.area",
        "pilot.call",
        "amount",
        "status",
        "method",
        "payout_paid_at",
        "created_at",
    ]
    export_filename = "minipilot-grants"
    list_display = [
        TitleColumn("pilot", label=_("Pilot"), url_name="grants_admin:inspect"),
        "amount",
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display", primary=False),
        "method",
        "created_at",
    ]
    list_filter = ["status", "method", "pilot__area", "pilot__call"]
    ordering = ["-created_at"]

    def get_action_urlpatterns(self):
        return [
            path("pay/<int:pk>/", GrantPayView.as_view(), name="pay"),
            path("totals/", GrantTotalsView.as_view(), name="totals"),
            path("pay-all/", GrantPayAllView.as_view(), name="pay_all"),
            path("pay-all/<uuid:run>/", GrantPayRunView.as_view(), name="pay_all_progress"),
        ]


class SepaExportView(FinanceOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then write the payment file for every grant waiting for a bank transfer."""

    template_name = "grants/admin/sepa_export.html"
    page_title = _("New SEPA payment file")
    header_icon = "download"

    def get_context_data(self, **kwargs):
        return super().get_context_data(grants=sepa.sepa_ready_grants(), **kwargs)

    def post(self, request):
        try:
            batch = sepa.sepa_batch_export(by=request.user)
        except PaymentRefused as refused:
            messages.error(request, refused.message)
            return redirect("sepa_batches:index")
        messages.success(request, _("The payment file is ready to download."))
        return redirect("sepa_batches:inspect", batch.pk)


class SepaDownloadView(View):
    def get(self, request, pk):
        if not may_pay(request.user):
            raise PermissionDenied
        batch = get_object_or_404(SepaBatch, pk=pk, bank_details_erased_at__isnull=True)
        response = HttpResponse(batch.xml, content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.xml"'
        return response


class SepaMarkPaidView(FinanceOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Ask before recording that the bank has paid the file: it funds every pilot in it."""

    template_name = "grants/admin/sepa_mark_paid.html"
    page_title = _("The bank has paid this file")
    header_icon = "download"

    @cached_property
    def batch(self) -> SepaBatch:
        return get_object_or_404(SepaBatch, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if self.batch.status == SepaBatchStatus.PAID:
            return redirect("sepa_batches:inspect", self.batch.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        payments = list(
            self.batch.payments.filter(status=PaymentStatus.CLAIMED).select_related("grant__pilot")
        )
        return super().get_context_data(
            batch=self.batch,
            payments=payments,
            total=Decimal(sum(payment.amount_cents for payment in payments)) / 100,
            **kwargs,
        )

    def post(self, request, pk):
        try:
            sepa.sepa_batch_mark_paid(batch=self.batch, by=request.user)
        except PaymentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The batch is marked paid and its pilots are funded."))
        return redirect("sepa_batches:inspect", pk)


class SepaMarkFailedView(FinanceOnlyMixin, View):
    def post(self, request, pk, payment_pk):
        payment = get_object_or_404(Payment, pk=payment_pk, batch_id=pk)
        reason = request.POST.get("reason", "").strip() or _("Returned by the bank")
        try:
            sepa.sepa_payment_mark_failed(payment=payment, by=request.user, reason=reason)
        except PaymentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("The payment is marked failed; the resident is asked for new bank details."),
            )
        return redirect("sepa_batches:inspect", pk)


class SepaBatchIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("New SEPA payment file"), url=reverse("sepa_batches:export"), icon_name="download"
            )
        ]


class SepaBatchInspectView(InspectView):
    template_name = "grants/admin/sepa_batch_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            batch=self.object,
            payments=self.object.payments.select_related("grant__pilot", "grant__bank_details"),
            **kwargs,
        )

    @property
    def header_more_buttons(self):
        return []


class SepaBatchViewSet(ReadOnlyModelViewSet):
    model = SepaBatch
    name = "sepa_batches"
    url_prefix = "sepa-batches"
    icon = "download"
    menu_label = _("SEPA payment files")
    menu_order = 111
    add_to_admin_menu = True
    index_view_class = SepaBatchIndexView
    inspect_view_class = SepaBatchInspectView
    list_display = [
        TitleColumn("message_id", label=capfirst(_("message id")), url_name="sepa_batches:inspect"),
        "status",
        "created_at",
    ]

    def get_action_urlpatterns(self):
        return [
            path("new/", SepaExportView.as_view(), name="export"),
            path("download/<int:pk>/", SepaDownloadView.as_view(), name="download"),
            path("paid/<int:pk>/", SepaMarkPaidView.as_view(), name="mark_paid"),
            path(
                "failed/<int:pk>/<int:payment_pk>/",
                SepaMarkFailedView.as_view(),
                name="mark_failed",
            ),
        ]
