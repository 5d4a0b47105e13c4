"""The resident's own account pages: their name and language, and deleting the account."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from pilotsite.forms import AccessibleErrorsMixin


class ProfileForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
        help_texts = {
            "first_name": _("Shown with your pilots only if you agree to it, pilot by pilot."),
        }


class DeleteAccountForm(AccessibleErrorsMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
        help_text=_("If you log in through the city's identity service, leave this empty."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted and cannot be restored."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.user.has_usable_password() and not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
