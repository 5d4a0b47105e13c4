"""Settings → Users in the admin, with the job title printed on decisions and the email language.

Wagtail's documented way to customise user forms:
https://docs.wagtail.org/en/stable/advanced_topics/customization/custom_user_models.html
"""

from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.admin_forms import MinipilotUserCreationForm, MinipilotUserEditForm


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return MinipilotUserEditForm if for_update else MinipilotUserCreationForm
