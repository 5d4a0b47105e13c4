"""The resident's bank details form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.sepa import clean_iban
from kernel.forms import AccessibleErrorsMixin


class BankDetailsForm(AccessibleErrorsMixin, forms.Form):
    holder = forms.CharField(
        label=_("Account holder"),
        max_length=70,
        help_text=_("The name on the account, as the bank has it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        help_text=_("Your account number in IBAN form, e.g. FI21 1234 5600 0007 85."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_iban(self):
        iban, _bic = clean_iban(self.cleaned_data["iban"])
        return iban
