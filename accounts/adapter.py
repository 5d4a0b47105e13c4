from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import get_language

from accounts.emails import on_site_url
from accounts.roles import may_enter_admin

# The links allauth puts in its emails, each built from the request that sent the email.
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def home_url() -> str:
    """The front page in the language the visitor is using now."""
    return f"/{get_language() or settings.LANGUAGE_CODE}/"


def user_display(user) -> str:
    """How allauth names a user on its pages and messages (ACCOUNT_USER_DISPLAY).

    The username is internal (allauth makes one up at sign-up), so people see their own name,
    or their email address when they gave no name.
    """
    return user.get_full_name() or user.email


class AccountAdapter(DefaultAccountAdapter):
    """Accounts keep the visitor's language: in the emails we send and on the pages we return to."""

    def save_user(self, request, user, form, commit=True):
        user.language = get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        """Every account email greets by name and links to the site's public address."""
        user = context.get("user")
        context = {
            **context,
            **{key: on_site_url(context[key]) for key in EMAIL_LINKS if key in context},
            "recipient_name": user.get_full_name() if user else "",
            "site_url": settings.WAGTAILADMIN_BASE_URL,
        }
        super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request):
        if may_enter_admin(request.user):
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
