"""Inputs of the reporting pages: the story API's filters and the council report's period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.models import Area, Outcome
from reporting.selectors import HalfYear


class StoryFilterForm(forms.Form):
    """?area=<slug>&year=<yyyy>&outcome=<code>, all optional and combined."""

    area = forms.ModelChoiceField(Area.objects.all(), to_field_name="slug", required=False)
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False)

    def filter(self, stories):
        data = self.cleaned_data
        if data["area"]:
            stories = stories.filter(area=data["area"])
        if data["year"]:
            stories = stories.filter(year=data["year"])
        if data["outcome"]:
            stories = stories.filter(outcome=data["outcome"])
        return stories


class HalfYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Half of the year"),
        coerce=int,
        choices=[(1, _("January–June")), (2, _("July–December"))],
    )

    @classmethod
    def for_request(cls, data) -> "HalfYearForm":
        """The period asked for, or by default the half year now under way."""
        if "year" in data or "half" in data:
            return cls(data)
        current = HalfYear.containing(timezone.localdate())
        return cls({"year": current.year, "half": current.half})

    @property
    def period(self) -> HalfYear:
        return HalfYear(self.cleaned_data["year"], self.cleaned_data["half"])
