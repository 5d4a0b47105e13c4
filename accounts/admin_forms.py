"""Wagtail's user forms with the fields Minipilot adds: job title and language."""

from wagtail.users.forms import UserCreationForm, UserEditForm

EXTRA_FIELDS = {"job_title", "language"}


class MinipilotUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | EXTRA_FIELDS


class MinipilotUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | EXTRA_FIELDS
