"""The resident's own account: what sign-up asks, their name and language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kernel.forms import AccessibleErrorsMixin


class SignupNameForm(forms.Form):
    """The name sign-up asks for besides allauth's email and password (ACCOUNT_SIGNUP_FORM_CLASS).

    It is optional: emails greet by it and "My account" shows it, and a resident who gives none
    is greeted neutrally. allauth's `save_user` stores `first_name` and `last_name` itself.
    """

    field_order = ["email", "first_name", "last_name", "password1", "password2"]

    first_name = forms.CharField(
        label=_("First name (optional)"),
        max_length=User._meta.get_field("first_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        help_text=_(
            "We greet you by your name in our emails. It is shown with your pilots only if "
            "you agree to it, pilot by pilot."
        ),
    )
    last_name = forms.CharField(
        label=_("Last name (optional)"),
        max_length=User._meta.get_field("last_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request, user):
        """allauth calls this after saving the user; the name is saved by then."""


class ProfileForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
        help_texts = {
            "first_name": _("Shown with your pilots only if you agree to it, pilot by pilot."),
        }
