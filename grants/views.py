"""The resident's payout pages on the public site: start Stripe onboarding, come back from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import onboarding, sepa
from grants.errors import PaymentRefused
from grants.forms import BankDetailsForm
from grants.models import Grant, GrantStatus


def _own_grant(request, pk) -> Grant:
    grant = (
        Grant.objects.select_related("pilot")
        .filter(pilot_id=pk, pilot__proposer=request.user)
        .first()
    )
    if grant is None:
        raise Http404
    return grant


def _onboarding(request, grant):
    absolute = request.build_absolute_uri
    try:
        url = onboarding.stripe_onboarding_url(
            grant=grant,
            by=request.user,
            return_url=absolute(reverse("grants:stripe_return", args=[grant.pilot_id])),
            refresh_url=absolute(reverse("grants:stripe_refresh", args=[grant.pilot_id])),
        )
    except PaymentRefused as refused:
        messages.error(request, refused.message)
        return redirect("pilots:detail", pk=grant.pilot_id)
    return redirect(url)


@login_required
@require_POST
def stripe_start(request, pk):
    return _onboarding(request, _own_grant(request, pk))


@login_required
def stripe_refresh(request, pk):
    """Stripe sends the resident here when a link has expired: give them a fresh one."""
    return _onboarding(request, _own_grant(request, pk))


@login_required
def stripe_return(request, pk):
    grant = _own_grant(request, pk)
    try:
        grant = onboarding.stripe_account_refresh(grant=grant, by=request.user)
    except PaymentRefused as refused:
        messages.error(request, refused.message)
    else:
        if grant.status == GrantStatus.READY:
            messages.success(
                request, _("Your Stripe account is ready. Finance will pay the grant.")
            )
        else:
            messages.warning(
                request,
                _("Stripe still needs some details from you. Continue the set-up when you can."),
            )
    return redirect("pilots:detail", pk=pk)


@login_required
def bank_details(request, pk):
    grant = _own_grant(request, pk)
    form = BankDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sepa.grant_set_bank_details(grant=grant, by=request.user, **form.cleaned_data)
        except PaymentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("Thank you. The grant will be paid to your account in the next payment run."),
            )
        return redirect("pilots:detail", pk=pk)
    return render(request, "grants/bank_details.html", {"form": form, "grant": grant})
