"""The director's decision form in the admin: one form, its fields chosen by the action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilots.models import Action

FIELDS_BY_ACTION = {
    Action.APPROVE: [
        "grounds",
        "conditions",
        "report_due",
        "decider_title",
        "contact_person",
        "appeal_instructions",
    ],
    Action.REJECT: ["grounds", "decider_title", "contact_person", "appeal_instructions"],
    Action.REQUEST_CHANGES: ["grounds"],
    Action.CANCEL: ["grounds"],
    Action.RETURN_REPORT: ["grounds"],
}


class DecisionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required. The resident reads these; for a decision they are public."),
    )
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    report_due = forms.DateField(
        label=_("Result report due"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    decider_title = forms.CharField(label=_("Your title"), max_length=200)
    contact_person = forms.CharField(label=_("Contact person"), max_length=300)
    appeal_instructions = forms.CharField(
        label=_("Appeal instructions"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = FIELDS_BY_ACTION[action]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
