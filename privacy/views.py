"""A resident's rights on the public site: a copy of their data, and deleting their account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.adapter import home_url
from privacy import services
from privacy.forms import DeleteAccountForm
from privacy.personal_data import personal_data


@login_required
@require_GET
def my_data(request):
    """Everything we hold about the user, as a JSON file to keep or take elsewhere."""
    body = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"minipilot-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete_account(
                user=request.user,
                by=request.user,
                keep_comments=form.cleaned_data["comments"],
            )
        except services.AccountActionRefused as refused:
            messages.error(request, refused.message)
            return redirect("accounts:mine")
        logout(request)
        messages.success(request, _("Your account was deleted. Thank you for taking part."))
        return redirect(home_url())
    return render(request, "privacy/delete_account.html", {"form": form})
