"""Settings shared by every environment: safe by default, deployment values from the environment.

`dev.py`, `test.py` and `production.py` start from here. Nothing here turns on DEBUG or
carries a secret that production could silently run with.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from pilotsite.settings.environment import env_bool, env_list, oidc_providers

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # accounts first: its createsuperuser marks the address verified for allauth.
    "accounts",
    "home",
    "pilots",
    "grants",
    "reporting",
    "discussions",  # comments and questions on public proposals and stories
    "notifications",  # following areas and pilots; the notification list, emails and digests
    "search",  # the site's own text search, in fi, sv and en (search/)
    "privacy",  # a resident's data download, account deletion, retention: above what it erases
    "kernel",  # what every app builds on: money tags, form templates, `run_worker`
    "pilotsite",  # receivers: the page cache's purges, the pilot–grant links
    "demo",  # `manage.py seed_demo`: the demo city, above the apps it fills
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.MinipilotUsersAppConfig",  # wagtail.users with our user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_ratelimit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kernel.security.ContentSecurityPolicyMiddleware",
    "kernel.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kernel.private_pages.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a django-ratelimit refusal into the 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "pilotsite.urls"
WSGI_APPLICATION = "pilotsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "grants.context_processors.payout_methods",
            ],
        },
    },
]

# The embedded default is a SQLite file beside manage.py, so the site runs on a bare machine.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: take the write lock at BEGIN, so a second approval waits
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Finnish is the default, Swedish is the second official language, English customary.
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", "Suomi"),
    ("sv", "Svenska"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Helsinki"

# One Wagtail page tree per language, kept as translations of each other.
# https://docs.wagtail.org/en/stable/advanced_topics/i18n.html
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
# The admin speaks the site's languages only, in the one each user chose (accounts.admin_language).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Minipilot"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "odt", "ods", "pdf", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Accounts: residents sign up and log in by email, which they must verify. Staff use the same
# login page; Wagtail's own login form redirects there (see pilotsite/urls.py).
LOGIN_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupNameForm"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Minipilot: "
SOCIALACCOUNT_PROVIDERS = oidc_providers(os.environ)
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Minipilot <minipilot@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the database backend in production, so a crash loses no queued task.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The background worker (`manage.py run_worker`, kernel/worker.py): task threads per
# process, how long a task may run before another worker takes it over (its worker is taken
# for dead), and whether this host enqueues the periodic jobs (kernel/schedule.py).
TASKS_WORKER_THREADS = int(os.environ.get("TASKS_WORKER_THREADS", "8"))
TASKS_LEASE_SECONDS = int(os.environ.get("TASKS_LEASE_SECONDS", "300"))
TASKS_SCHEDULE_ENABLED = env_bool("TASKS_SCHEDULE_ENABLED", default=True)

# Stripe: keys and the API base URL come from the environment; without a key the Stripe
# payout method is not offered.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_CONNECT_WEBHOOK_SECRET = os.environ.get("STRIPE_CONNECT_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_TIMEOUT = float(os.environ.get("STRIPE_TIMEOUT", "30"))
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "2"))
# Stripe requests a worker process has in flight at once: a payment run's chunk sends its
# transfers together (grants.stripe_calls.stripe_send_many).
STRIPE_CONCURRENT_REQUESTS = int(os.environ.get("STRIPE_CONCURRENT_REQUESTS", "16"))

# SEPA credit transfers: the city's own account, the debtor of every payment file.
SEPA_DEBTOR_NAME = os.environ.get("SEPA_DEBTOR_NAME", "")
SEPA_DEBTOR_IBAN = os.environ.get("SEPA_DEBTOR_IBAN", "")
SEPA_DEBTOR_BIC = os.environ.get("SEPA_DEBTOR_BIC", "")
# Days an unsubmitted draft proposal is kept after its last change (manage.py apply_retention).
PILOTS_DRAFT_RETENTION_DAYS = int(os.environ.get("PILOTS_DRAFT_RETENTION_DAYS", "365"))
# Minutes an author may still edit their comment after writing it (discussions).
COMMENT_EDIT_MINUTES = int(os.environ.get("COMMENT_EDIT_MINUTES", "15"))
# Readers reporting a comment before it is held from the public until a coordinator looks.
COMMENT_REPORTS_TO_HIDE = int(os.environ.get("COMMENT_REPORTS_TO_HIDE", "3"))
# Readers reporting a public proposal before it is held from the public until a coordinator looks.
PROPOSAL_REPORTS_TO_HIDE = int(os.environ.get("PROPOSAL_REPORTS_TO_HIDE", "3"))
# The city's service-level targets, shown on each area's public page beside the medians: days
# from a proposal's first submission to its decision, and from the decision to the money.
DECISION_TARGET_DAYS = int(os.environ.get("DECISION_TARGET_DAYS", "30"))
PAYMENT_TARGET_DAYS = int(os.environ.get("PAYMENT_TARGET_DAYS", "14"))
# Days a paid SEPA payment's bank details are kept (for the bank's questions and returns)
# before `manage.py grants_erase_bank_details` erases them.
GRANTS_BANK_DETAILS_RETENTION_DAYS = int(
    os.environ.get("GRANTS_BANK_DETAILS_RETENTION_DAYS", "365")
)

# Open data (360Giving): the funder named in every grant, and the identifier prefix that
# 360Giving registered for the city (grant and recipient ids read 360G-<prefix>-<reference>).
OPEN_DATA_FUNDER_NAME = os.environ.get("OPEN_DATA_FUNDER_NAME", "Minipilot")
OPEN_DATA_FUNDER_ID = os.environ.get("OPEN_DATA_FUNDER_ID", "")
OPEN_DATA_PREFIX = os.environ.get("OPEN_DATA_PREFIX", "minipilot")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the site never asks for (kernel.security.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY_OFF = [
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
]

# Content-Security-Policy (django-csp): the public site loads scripts, styles and fonts from
# itself only and runs no inline script or style. Images may also be data: URLs (the admin's
# and the browser's own) and come from the media host when media lives elsewhere (S3).
# Forms may post to the city's identity provider and hand over to Stripe's onboarding: both
# are redirects after a POST, which form-action also governs.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", "")
_FORM_TARGETS = ["https://connect.stripe.com"] + [
    f"{url.scheme}://{url.netloc}"
    for url in [urlsplit(os.environ.get("OIDC_SERVER_URL", ""))]
    if url.scheme and url.netloc
]
_CSP_COMMON = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
    "form-action": ["'self'", *_FORM_TARGETS],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Wagtail's admin writes inline <script> and style="" of its own and shows page previews in an
# iframe of itself, so it gets its own policy: inline script and style allowed there only,
# framing by itself only; still no plugins, no foreign scripts and no foreign form targets.
CONTENT_SECURITY_POLICY_ADMIN = {
    "URL_PREFIX": "/admin/",
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*_CSP_COMMON["img-src"], "blob:"],
        "frame-ancestors": ["'self'"],
    },
}
# Staff avatars from gravatar.com would leak their email hashes and break the admin's img-src.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Rate limits. allauth's own (ACCOUNT_RATE_LIMITS) cover logging in, signing up, password
# resets and confirmation emails; django-ratelimit decorators cover our own forms and the
# Stripe webhooks, both counting in the default cache and answering with the 429 page.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # 10 failures a minute from one address, 5 in 5 minutes for one account.
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "10/m/ip,3/m/key,10/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/180s/key",
}
RATELIMIT_VIEW = "kernel.security.too_many_requests"
# Behind a proxy, the header holding the client's address as the proxy sets it (allauth reads
# ALLAUTH_TRUSTED_CLIENT_IP_HEADER for its own limits). Unset, REMOTE_ADDR is used.
_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
if _CLIENT_IP_HEADER:
    RATELIMIT_IP_META_KEY = "HTTP_" + _CLIENT_IP_HEADER.upper().replace("-", "_")
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = _CLIENT_IP_HEADER
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit knows only memcached and django-redis: Django's own Redis cache is
    # "not officially supported" though it increments atomically.
    "django_ratelimit.W001",
    # Without a shared cache (one host, no REDIS_URL) each worker process counts on its own:
    # the limits hold per process, so an abuser gets at most workers × the rate.
    "django_ratelimit.E003",
]

# The public page cache (kernel.public_cache; on with PUBLIC_CACHE_SECONDS): which topics
# each page shows, so that a change purges only the pages showing it.
PUBLIC_PAGE_TOPICS = "pilotsite.page_topics.page_topics"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per task run and per page action is noise; failures still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "stripe": {"level": "WARNING"},
    },
}
