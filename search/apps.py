from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app's `search_documents` registers its kinds of documents and connects the
        # receivers that keep them current, the way the admin finds each app's `admin`.
        autodiscover_modules("search_documents")
