"""Form behaviour every public form shares."""


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
