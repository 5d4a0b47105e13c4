"""The resident's account on the public site: their profile (their data and deleting the
account are privacy's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm


@login_required
def my_account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:mine")
    return render(request, "accounts/my_account.html", {"form": form})
