from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import get_language


def home_url() -> str:
    """The front page in the language the visitor is using now."""
    return f"/{get_language() or settings.LANGUAGE_CODE}/"


class AccountAdapter(DefaultAccountAdapter):
    """Accounts keep the visitor's language: in the emails we send and on the pages we return to."""

    def save_user(self, request, user, form, commit=True):
        user.language = get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        if request.user.has_perm("wagtailadmin.access_admin"):
            return "/admin/"
        return home_url()

    def get_signup_redirect_url(self, request):
        return home_url()

    def get_logout_redirect_url(self, request):
        return home_url()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Residents arriving through the city's identity provider keep their language too."""

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.language = get_language() or user.language
        return user
