"""The admin speaks the language the user chose, wherever they chose it.

Wagtail picks the admin's language from the user's profile (`UserProfile.preferred_language`)
and, when that is empty, from the request, i.e. the browser's Accept-Language
(wagtail.admin.localization.get_localized_response). A Finnish director whose browser prefers
Swedish would get a Swedish admin. `User.language` is the one choice that counts, made on
"My account", at sign-up or by an administrator under Settings → Users; these receivers copy it
into the profile, and copy a choice made in Wagtail's own account settings back to it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from wagtail.users.models import UserProfile


def user_language_to_profile(user) -> None:
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": user.language})


def on_user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "language" in update_fields:
        user_language_to_profile(instance)


def on_login(sender, request, user, **kwargs):
    """Accounts older than this rule, and profiles changed behind our back, are set right here."""
    user_language_to_profile(user)


def on_profile_saving(sender, instance, **kwargs):
    """A language chosen in Wagtail's account settings becomes the user's own.

    An empty choice (Wagtail's "use server language", and every profile made before this rule)
    would let the browser decide again, so it takes the user's language instead.
    """
    users = get_user_model().objects.filter(pk=instance.user_id)
    if not instance.preferred_language:
        instance.preferred_language = users.values_list("language", flat=True).get()
    elif instance.preferred_language in dict(settings.LANGUAGES):
        users.exclude(language=instance.preferred_language).update(
            language=instance.preferred_language
        )


def connect() -> None:
    post_save.connect(on_user_saved, sender=get_user_model(), dispatch_uid="user_language")
    pre_save.connect(on_profile_saving, sender=UserProfile, dispatch_uid="profile_language")
    user_logged_in.connect(on_login, dispatch_uid="admin_language_on_login")
