"""The people who use Minipilot: residents and city staff share one user model.

Staff roles are Wagtail groups (see `roles.py`); residents are users with no group.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class MinipilotUserManager(UserManager):
    @transaction.atomic
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """A superuser made on the server's console may log in through the public login page.

        Logging in needs a verified address; the operator who runs `createsuperuser` vouches
        for the one they type, so it is recorded as verified.
        """
        user = super().create_superuser(username, email, password, **extra_fields)
        if user.email:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails Minipilot sends you."),
    )

    # A decision is a public record in Finnish, Swedish and English, so is the official's title.
    job_title_fi = models.CharField(
        _("job title in Finnish"),
        max_length=200,
        blank=True,
        help_text=_("Staff only: shown with the name on the decisions they make."),
    )
    job_title_sv = models.CharField(_("job title in Swedish"), max_length=200, blank=True)
    job_title_en = models.CharField(_("job title in English"), max_length=200, blank=True)

    objects = MinipilotUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def has_verified_email(self) -> bool:
        """Whether the person has confirmed an address of theirs (allauth's verification)."""
        return EmailAddress.objects.filter(user=self, verified=True).exists()

    def job_title_in(self, language: str) -> str:
        """The title the staff member gave in `language`; empty when they gave none in it."""
        return getattr(self, f"job_title_{language}", "")
