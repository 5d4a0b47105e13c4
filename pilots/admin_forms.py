"""The director's decision form in the admin: one form, its fields chosen by the action
(`form_fields` in the action's declaration, pilots.actions).

A decision's standard texts are kept in Finnish, Swedish and English, so the form has one field
per text and language (`conditions_fi`, `conditions_sv`, …); `service_kwargs` gathers them into
the {language: text} mappings the services take.
"""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pilots.actions import TRANSITIONS
from pilots.models.lifecycle import LANGUAGE_CODES

IN_LANGUAGE = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}

# Each standard text of a decision: its label, and the form field for one language of it.
STANDARD_TEXT_FIELDS = {
    "conditions": lambda label: forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 4}), required=False
    ),
    "decider_title": lambda label: forms.CharField(label=label, max_length=200),
    "contact_person": lambda label: forms.CharField(label=label, max_length=300),
    "appeal_instructions": lambda label: forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 4})
    ),
}
STANDARD_TEXT_LABELS = {
    "conditions": _("Conditions"),
    "decider_title": _("Your title"),
    "contact_person": _("Contact person"),
    "appeal_instructions": _("Appeal instructions"),
}


class DecisionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required. The resident reads these; for a decision they are public."),
    )
    grounds_language = forms.ChoiceField(
        label=_("Language of the grounds"),
        choices=settings.LANGUAGES,
        help_text=_("The grounds are shown as you write them, marked with this language."),
    )
    report_due = forms.DateField(
        label=_("Result report due"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, action: str, initial=None, **kwargs):
        super().__init__(*args, initial=_flat(initial or {}), **kwargs)
        fields = TRANSITIONS[action].form_fields
        self.standard_texts = [name for name in fields if name in STANDARD_TEXT_FIELDS]
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        for name in self.standard_texts:
            for code in LANGUAGE_CODES:
                label = format_lazy("{} {}", STANDARD_TEXT_LABELS[name], IN_LANGUAGE[code])
                self.fields[f"{name}_{code}"] = STANDARD_TEXT_FIELDS[name](label)

    def service_kwargs(self) -> dict:
        """The cleaned values as the service takes them: each standard text as {language: text}."""
        data = dict(self.cleaned_data)
        for name in self.standard_texts:
            data[name] = {code: data.pop(f"{name}_{code}") for code in LANGUAGE_CODES}
        return data


def _flat(initial: dict) -> dict:
    """`decision_defaults` gives {name: {language: text}}; the form has a field per language."""
    flat = {}
    for name, value in initial.items():
        if isinstance(value, dict):
            flat.update({f"{name}_{code}": text for code, text in value.items()})
        else:
            flat[name] = value
    return flat
