from django import forms

from kernel.forms import AccessibleErrorsMixin
from notifications.models import Frequency, Kind


class PreferencesForm(AccessibleErrorsMixin, forms.Form):
    """One choice per kind of notification: how often it is emailed (`id_<kind>`)."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Frequency.choices,
                initial=current[kind],
                widget=forms.RadioSelect,
            )
