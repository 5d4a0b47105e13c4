"""Finance's view of grants in the Wagtail admin: filter, inspect, and pay."""

from decimal import Decimal

from django.contrib import messages
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
from wagtail.admin.widgets.button import HeaderButton

from grants import sepa
from grants.errors import PaymentRefused
from grants.lifecycle import FINAL_STATES, GrantAction
from grants.models import (
    Grant,
    GrantStatus,
    Payment,
    PaymentRun,
    PaymentStatus,
    SepaBatch,
    SepaBatchStatus,
)
from grants.payment_runs import payment_run_start
from grants.permissions import may_pay, may_see_grants
from grants.selectors import (
    grant_history,
    grant_totals,
    open_payment,
    open_reversal,
    pay_all_preview,
    payment_run_progress,
)
from grants.stripe_payments import grant_claim_payment, grant_release, payment_ask_again
from grants.stripe_reversals import reversal_ask_again
from grants.task_handles import submit_payment_soon
from kernel.access import only_for
from kernel.admin_pages import AdminPageMixin
from kernel.admin_readonly import ReadOnlyModelViewSet

# Paying and the payment files are finance's: the services refuse anyone else too; this keeps
# the pages' lists of grants and masked IBANs, and the actions, out of other staff's reach (the
# URL-by-role test in tests/security checks it).
FinanceOnlyMixin = only_for(may_pay)


class GrantInspectView(InspectView):
    template_name = "grants/admin/grant_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Grant.objects.select_related("pilot__area", "pilot__call", "pilot__proposer"),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        grant, finance = self.object, may_pay(self.request.user)
        stripe = grant.method == "stripe"
        return super().get_context_data(
            grant=grant,
            payments=grant.payments.select_related("requested_by").prefetch_related("reversals"),
            history=self.history(grant),
            final=grant.status in FINAL_STATES,
            can_pay=finance and stripe and grant.status == GrantStatus.READY,
            can_retry=finance and stripe and grant.status == GrantStatus.BLOCKED,
            open_payment=open_payment(grant) if grant.status == GrantStatus.SUBMITTING else None,
            open_reversal=open_reversal(grant) if grant.status == GrantStatus.REVERSING else None,
            finance=finance,
            **kwargs,
        )

    @staticmethod
    def history(grant) -> list:
        labels = dict(GrantAction.choices)
        moves = list(grant_history(grant))
        for move in moves:
            move.label = labels.get(move.action, move.action)
        return moves

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
            submit_payment_soon(payment.pk)
            messages.success(request, _("The payment was started."))
        return redirect("grants_admin:inspect", pk)


class GrantRetryView(FinanceOnlyMixin, AdminPageMixin, TemplateView):
    """ "Check and retry" a blocked grant: finance says what it checked (kept in the grant's
    history and Wagtail's audit log), the grant is released and its payment started at once."""

    template_name = "grants/admin/grant_retry.html"
    page_title = _("Check and retry the payment")
    header_icon = "success"

    @cached_property
    def grant(self) -> Grant:
        return get_object_or_404(Grant.objects.select_related("pilot"), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if self.grant.status != GrantStatus.BLOCKED or self.grant.method != "stripe":
            messages.error(
                request,
                _("Only a blocked Stripe payment can be retried; this grant is “%(status)s”.")
                % {"status": self.grant.get_status_display()},
            )
            return redirect("grants_admin:inspect", self.grant.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            grant=self.grant,
            last_error=self.grant.payments.filter(status=PaymentStatus.FAILED)
            .order_by("-pk")
            .values_list("error", flat=True)
            .first(),
            checked=self.request.POST.get("checked", ""),
            **kwargs,
        )

    def post(self, request, pk):
        checked = request.POST.get("checked", "").strip()
        if not checked:
            messages.error(request, _("Say what you checked: it stays in the grant's history."))
            return self.get(request, pk=pk)
        try:
            with transaction.atomic():
                grant_release(grant=self.grant, by=request.user, note=checked)
                try:
                    payment = grant_claim_payment(grant=self.grant, by=request.user)
                except PaymentRefused as refused:
                    # Released, then sent back to onboarding: both stand, and finance is told.
                    messages.error(request, refused.message)
                else:
                    submit_payment_soon(payment.pk)
                    messages.success(
                        request, _("The grant was released and its payment was started.")
                    )
        except PaymentRefused as refused:
            messages.error(request, refused.message)
        return redirect("grants_admin:inspect", pk)


class GrantAskAgainView(FinanceOnlyMixin, View):
    """ "Ask Stripe again" about the grant's payment (or, with `reversal`, its reversal) still
    open: the same request under the same key, or a look at what Stripe holds."""

    reversal = False

    def post(self, request, pk):
        grant = get_object_or_404(Grant, pk=pk)
        try:
            if self.reversal:
                record = open_reversal(grant)
                if record is None:
                    raise PaymentRefused(_("No reversal of this grant is waiting for Stripe."))
                record = reversal_ask_again(reversal=record, by=request.user)
            else:
                record = open_payment(grant)
                if record is None:
                    raise PaymentRefused(_("No payment of this grant is waiting for Stripe."))
                record = payment_ask_again(payment=record, by=request.user)
        except PaymentRefused as refused:
            messages.error(request, refused.message)
        else:
            if record.status == PaymentStatus.UNKNOWN:
                messages.warning(
                    request,
                    _(
                        "Stripe's answer is still not clear (%(error)s). It is asked again "
                        "automatically; you can also ask again later."
                    )
                    % {"error": record.error or "–"},
                )
            else:
                messages.success(
                    request,
                    _("Stripe answered: %(status)s.") % {"status": record.get_status_display()},
                )
        return redirect("grants_admin:inspect", pk)


class GrantTotalsView(only_for(may_see_grants), AdminPageMixin, TemplateView):
    """Money granted and paid per area and call, for finance's follow-up."""

    template_name = "grants/admin/grant_totals.html"
    page_title = _("Grant totals")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=grant_totals(), **kwargs)


class GrantPayAllView(FinanceOnlyMixin, AdminPageMixin, TemplateView):
    """Pay every grant ready for a Stripe transfer, as one run whose progress finance follows.

    The click only records the run and queues its task (grants.payment_runs): the request
    takes the same time for ten grants as for ten thousand."""

    template_name = "grants/admin/grant_pay_all.html"
    page_title = _("Pay all ready grants")
    header_icon = "success"

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=pay_all_preview(), **kwargs)

    def post(self, request):
        try:
            run = payment_run_start(by=request.user)
        except PaymentRefused as refused:
            messages.error(request, refused.message)
            return redirect("grants_admin:index")
        return redirect("grants_admin:pay_all_progress", run.pk)


class GrantPayRunView(FinanceOnlyMixin, AdminPageMixin, TemplateView):
    """The progress of one "Pay all" run. It works as a plain page with a reload link; a small
    script (no inline code, for the CSP) refreshes the counts in place, and the region is
    aria-live="polite" so screen readers hear the new counts without losing their place."""

    template_name = "grants/admin/grant_pay_progress.html"
    page_title = _("Payment progress")
    header_icon = "success"

    def get_context_data(self, **kwargs):
        # A run from before runs were recorded is known only by its payments' uuid.
        run = PaymentRun.objects.filter(pk=self.kwargs["run"]).first() or self.kwargs["run"]
        return super().get_context_data(
            payment_run=run if isinstance(run, PaymentRun) else None,
            progress=payment_run_progress(run),
            **kwargs,
        )


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
            path("retry/<int:pk>/", GrantRetryView.as_view(), name="retry"),
            path("ask-stripe/<int:pk>/", GrantAskAgainView.as_view(), name="ask_again"),
            path(
                "ask-stripe/reversal/<int:pk>/",
                GrantAskAgainView.as_view(reversal=True),
                name="ask_again_reversal",
            ),
            path("totals/", GrantTotalsView.as_view(), name="totals"),
            path("pay-all/", GrantPayAllView.as_view(), name="pay_all"),
            path("pay-all/<uuid:run>/", GrantPayRunView.as_view(), name="pay_all_progress"),
        ]


class SepaExportView(FinanceOnlyMixin, AdminPageMixin, TemplateView):
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


class SepaDownloadView(FinanceOnlyMixin, View):
    def get(self, request, pk):
        batch = get_object_or_404(SepaBatch, pk=pk, bank_details_erased_at__isnull=True)
        response = HttpResponse(batch.xml, content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.xml"'
        return response


class SepaMarkPaidView(FinanceOnlyMixin, AdminPageMixin, TemplateView):
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
