from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from grants import webhooks
from kernel.public_cache import public_wagtail_urls
from pilotsite.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    # One login form for everyone: Wagtail's own login page sends staff to allauth's.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("stripe/webhook/", webhooks.platform_events, name="stripe_webhook"),
    path("stripe/webhook/connect/", webhooks.connect_events, name="stripe_connect_webhook"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("", include("pilots.urls")),
    path("", include("discussions.urls")),
    path("", include("notifications.urls")),
    path("", include("grants.urls")),
    path("", include("reporting.urls")),
    # Wagtail pages, with anonymous visitors served from the shared page cache.
    path("", include(public_wagtail_urls(wagtail_urls.urlpatterns))),
    prefix_default_language=True,
)
