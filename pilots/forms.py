"""The resident's proposal form, its budget lines, and the public decision filters."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kernel.forms import (
    AccessibleErrorsMixin,
    IdChoiceField,
    IdMultipleChoiceField,
    InlineOptionsSelect,
)
from pilots.images import clean_uploaded_image
from pilots.models import (
    Area,
    Call,
    Outcome,
    Pilot,
    ResultPhoto,
    ResultReport,
    SustainableDevelopmentGoal,
    Theme,
)
from pilots.submission import REQUIRED_TEXT


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def image_upload_field(label, help_text) -> forms.FileField:
    """A plain file field: pilots.images checks the content itself, size first, with messages
    that say what to do (Django's ImageField would answer first, and less helpfully)."""
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=help_text,
    )


class PilotForm(AccessibleErrorsMixin, forms.ModelForm):
    """Saves a draft: only values wrong in themselves are refused; gaps are listed at submit."""

    image = image_upload_field(
        _("Image"), _("Optional. JPEG, PNG or WebP, at most 5 MB, each side 200–6000 pixels.")
    )

    class Meta:
        model = Pilot
        fields = [
            "call",
            "area",
            "title",
            "summary",
            "need",
            "activities",
            "audience",
            "expected_outcome",
            "starts_on",
            "ends_on",
            "themes",
            "sdgs",
            "image",
            "image_alt",
            "language",
            "shown_publicly",
            "publish_name",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "need": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.Textarea(attrs={"rows": 3}),
            "expected_outcome": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "themes": forms.CheckboxSelectMultiple(),
            "sdgs": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "need": _("What problem or wish in the neighbourhood does the pilot answer?"),
            "activities": _("What will you do, where and when?"),
        }
        field_classes = {
            "call": IdChoiceField,
            "area": IdChoiceField,
            "themes": IdMultipleChoiceField,
            "sdgs": IdMultipleChoiceField,
        }

    shown_publicly = forms.TypedChoiceField(
        label=_("Who sees the proposal before the decision?"),
        choices=[
            (False, _("Only me and the city's staff")),
            (
                True,
                _("Everyone: it is on the public proposal pages, where others can support it"),
            ),
        ],
        coerce=lambda value: value == "True",
        # Left out of a post (an older form), the proposal stays private: the default.
        required=False,
        empty_value=False,
        initial=False,
        widget=forms.RadioSelect,
        help_text=_(
            "You can change this at any time. Your name is shown only if you allow it below."
        ),
    )

    # What submission_problems() asks for: marked, so nobody learns it only at submit.
    needed_to_submit = ("call", "area", "starts_on", "ends_on", *REQUIRED_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        open_calls = [call.pk for call in Call.objects.all() if call.is_open(today)]
        if self.instance.pk:
            open_calls.append(self.instance.call_id)
        self.fields["call"].queryset = Call.objects.filter(pk__in=open_calls)
        self.fields["call"].empty_label = None
        self.fields["area"].queryset = Area.objects.all()
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["sdgs"].queryset = SustainableDevelopmentGoal.objects.all()
        self.fields["title"].help_text = _("A short name for the pilot, at most 120 characters.")
        for name in self.needed_to_submit:
            self.fields[name].label_suffix = " *"
            self.fields[name].widget.attrs["aria-required"] = "true"

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            return clean_uploaded_image(image)
        return image


class BudgetLineForm(AccessibleErrorsMixin, forms.Form):
    description = forms.CharField(label=_("What"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount (€)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("description")) != (cleaned.get("amount") is not None):
            if not self.errors:
                raise forms.ValidationError(_("Give both what the money is for and how much."))
        return cleaned


class BaseBudgetLineFormSet(forms.BaseFormSet):
    """Rows of (what, amount); a row ticked "Remove" is left out, and is not checked either."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove")

    def lines(self) -> list[tuple[str, Decimal]]:
        return [
            (form.cleaned_data["description"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data.get("description") and not self._should_delete_form(form)
        ]

    @property
    def adding_row(self) -> bool:
        """The "Add a row" button was pressed (a browser without script sends it)."""
        return self.is_bound and f"{self.prefix}-add" in self.data

    def with_another_row(self) -> "BaseBudgetLineFormSet":
        """The rows as typed, less those ticked "Remove", and one empty row: shown, not saved."""
        rows = [
            {"description": form["description"].value(), "amount": form["amount"].value()}
            for form in self.forms
            if not form[forms.formsets.DELETION_FIELD_NAME].value()
        ]
        formset = type(self)(initial=rows, prefix=self.prefix)
        formset.extra = 1
        return formset

    def total(self) -> Decimal | None:
        """The sum of the rows shown when the page was made; the script keeps it up to date."""
        amounts = []
        for row in self.initial or []:
            try:
                amount = Decimal(str(row.get("amount") or 0))
            except InvalidOperation:
                continue  # typed but not a number: the row says so when it is saved
            if amount.is_finite():
                amounts.append(amount)
        return sum(amounts, Decimal(0)) if amounts else None


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=BaseBudgetLineFormSet,
    extra=0,
    max_num=20,
    absolute_max=20,
    can_delete=True,
)


def unbound_copy(form: forms.BaseForm) -> forms.BaseForm:
    """The same form showing what was typed, without checking it (nothing is being saved yet).

    Files are left out: a browser never sends a chosen file twice.
    """
    initial = {
        name: form[name].value()
        for name, field in form.fields.items()
        if not isinstance(field, forms.FileField)
    }
    return type(form)(initial=initial, instance=form.instance)


def budget_formset(data=None, pilot: Pilot | None = None) -> BaseBudgetLineFormSet:
    """The budget lines of the pilot, with empty rows to add more (no script needed)."""
    lines = pilot.budget_lines.all() if pilot and pilot.pk else []
    return money_lines_formset(data, lines, prefix="budget")


def money_lines_formset(data, lines, *, prefix: str) -> BaseBudgetLineFormSet:
    """Rows of (what, amount): a proposal's budget or a report's spending."""
    initial = [{"description": line.description, "amount": line.amount} for line in lines]
    formset = BudgetLineFormSet(data, initial=initial, prefix=prefix)
    formset.extra = max(4 - len(initial), 2)
    return formset


class WithdrawForm(AccessibleErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person you invite"),
        help_text=_("They get an email with a link to accept or decline the invitation."),
    )


class InvitationAnswerForm(AccessibleErrorsMixin, forms.Form):
    # The same consent, in the same words, as the proposer's own (Pilot.publish_name).
    publish_name = forms.BooleanField(
        label=capfirst(Pilot._meta.get_field("publish_name").verbose_name),
        required=False,
        help_text=Pilot._meta.get_field("publish_name").help_text,
    )


class DecisionFilterForm(forms.Form):
    area = IdChoiceField(
        Area.objects.all(), required=False, label=_("Area"), empty_label=_("All areas")
    )
    call = IdChoiceField(
        Call.objects.all(), required=False, label=_("Call"), empty_label=_("All calls")
    )


class ProposalFilterForm(DecisionFilterForm):
    """The public proposal list's filters and search; the URL keeps them, to share a view."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)


def story_filter_names() -> dict[str, list[tuple[str, str]]]:
    """The story filters' area, theme and goal options in the active language, as plain
    strings, so that a caller may keep them (pilots.stories keeps them per language until
    a name changes)."""
    named = {
        "area": (_("All areas"), Area.objects.all()),
        "theme": (_("All themes"), Theme.objects.all()),
        "sdg": (_("All goals"), SustainableDevelopmentGoal.objects.all()),
    }
    return {
        name: [("", str(empty)), *((str(row.pk), str(row)) for row in rows)]
        for name, (empty, rows) in named.items()
    }


# A story filter's field whose value is an id (or a year), optional.
BY_ID = {"required": False, "coerce": int, "empty_value": None, "widget": InlineOptionsSelect}


class StoryFilterForm(forms.Form):
    """The story index's filters; they combine, and the URL keeps them so a view can be shared.

    An area, theme or goal is chosen by id among the options `names` gives (story_filter_names),
    so a page of stories reads no list of names; the cleaned value is the id."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    area = forms.TypedChoiceField(label=_("Area"), **BY_ID)
    theme = forms.TypedChoiceField(label=_("Theme"), **BY_ID)
    sdg = forms.TypedChoiceField(label=_("Sustainable development goal"), **BY_ID)
    year = forms.TypedChoiceField(label=_("Year"), **BY_ID)
    outcome = forms.ChoiceField(required=False, label=_("Outcome"), widget=InlineOptionsSelect)

    def __init__(self, *args, years=(), names=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (names or story_filter_names()).items():
            self.fields[name].choices = choices
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["outcome"].choices = [("", _("All outcomes")), *Outcome.choices]


class AdaptForm(AccessibleErrorsMixin, forms.Form):
    """Which area a visitor wants to try a published pilot in."""

    area = IdChoiceField(
        Area.objects.all(),
        label=_("Your area"),
        empty_label=_("Choose an area"),
        widget=InlineOptionsSelect,
    )

    def __init__(self, *args, names=None, **kwargs):
        """`names`: story_filter_names' options, to show the areas without reading them; a
        chosen area is still read from the database."""
        super().__init__(*args, **kwargs)
        if names is not None:
            areas = names["area"][1:]  # without the filter's "All areas"
            self.fields["area"].choices = [("", self.fields["area"].empty_label), *areas]


class ResultReportForm(AccessibleErrorsMixin, forms.ModelForm):
    """The residents' results; saved as a draft at any time, checked in full only at submit."""

    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend this pilot to others?"),
        choices=[("", _("Not answered yet")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    remove_photo = IdMultipleChoiceField(
        ResultPhoto.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ResultReport
        fields = [
            "what_was_done",
            "what_happened",
            "lessons",
            "outcome",
            "would_recommend",
            "photos_consent",
        ]
        widgets = {
            "what_was_done": forms.Textarea(attrs={"rows": 5}),
            "what_happened": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 5}),
            "outcome": forms.RadioSelect,
        }
        help_texts = {
            "what_was_done": _("What did you do, where and when, and who took part?"),
            "what_happened": _("What came of it? Numbers help, stories too."),
        }

    def __init__(self, *args, **kwargs):
        typed = "would_recommend" in (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = Outcome.choices
        self.fields["outcome"].required = False
        if self.instance.pk:
            self.fields["remove_photo"].queryset = self.instance.photos.all()
        if self.instance.would_recommend is not None and not typed:
            self.initial["would_recommend"] = "yes" if self.instance.would_recommend else "no"


class ResultPhotoForm(AccessibleErrorsMixin, forms.Form):
    image = image_upload_field(
        _("Photo"), _("JPEG, PNG or WebP, at most 5 MB. Location data is removed.")
    )
    alt_text = forms.CharField(
        label=_("Description of the photo"),
        max_length=250,
        required=False,
        help_text=_("Describe the photo for people who cannot see it."),
    )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        return clean_uploaded_image(image) if image else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("alt_text", "").strip():
            self.add_error("alt_text", _("Describe the photo for people who cannot see it."))
        return cleaned


ResultPhotoFormSet = forms.formset_factory(ResultPhotoForm, extra=2, max_num=2, absolute_max=2)
