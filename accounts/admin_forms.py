"""Wagtail's user forms with the fields Minipilot adds: job title in each language, and language."""

from wagtail.users.forms import UserCreationForm, UserEditForm

EXTRA_FIELDS = {"job_title_fi", "job_title_sv", "job_title_en", "language"}


class MinipilotUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | EXTRA_FIELDS


class MinipilotUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | EXTRA_FIELDS
