"""Form behaviour every public form shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models


class InlineOptionsSelect(forms.Select):
    """Django's select, its options written in the widget's own template rather than included
    one by one: the same markup, rendered in a fraction of the time, for the long lists of the
    public filters (every area, theme and goal, on every page of stories)."""

    template_name = "kernel/widgets/select.html"


class AccessibleErrorsMixin:
    """Tie each field's error message to its control, so screen readers announce it with the field.

    The errors are rendered by `includes/field.html` with the id `<field id>_errors`.
    """

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described_by = [f"{bound.auto_id}_errors"]
            if self.fields[name].help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": " ".join(described_by)}
            )


class IdRangeMixin:
    """Refuse an id no database row can have before the queryset is asked for it.

    An integer beyond the id column's range cannot be bound as a query parameter: SQLite raises
    OverflowError (a server error), PostgreSQL a data error. Such an id names no choice, so it is
    answered with the field's own "not one of the available choices" message, on every database.
    """

    def id_out_of_range(self, value) -> bool:
        model = self.queryset.model
        field = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        if not isinstance(field, models.IntegerField):
            return False
        try:
            number = int(str(value).strip())
        except ValueError:
            return False  # not a number at all: the field's own check answers it
        low, high = connections[self.queryset.db].ops.integer_field_range(field.get_internal_type())
        return (low is not None and number < low) or (high is not None and number > high)


class IdChoiceField(IdRangeMixin, forms.ModelChoiceField):
    """A ModelChoiceField that takes any input a browser can send without a server error."""

    def to_python(self, value):
        if value not in self.empty_values and self.id_out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(IdRangeMixin, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that takes any input a browser can send without a server error."""

    def _check_values(self, value):
        for item in value:  # clean() has already refused anything but a list
            if self.id_out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)
