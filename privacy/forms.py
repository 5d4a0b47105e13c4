"""Deleting one's account asks for the password (where the account has one), what becomes of
the comments written, and a confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.forms import AccessibleErrorsMixin


class DeleteAccountForm(AccessibleErrorsMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
        help_text=_("If you log in through the city's identity service, leave this empty."),
    )
    comments = forms.TypedChoiceField(
        label=_("Your comments and questions"),
        choices=[
            ("keep", _("Keep them, shown as written by a deleted user")),
            ("remove", _("Remove them")),
        ],
        coerce=lambda choice: choice == "keep",
        # Not chosen (an older form, a script): the comments stay, as nothing is lost that way.
        required=False,
        empty_value=True,
        initial="keep",
        widget=forms.RadioSelect,
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
