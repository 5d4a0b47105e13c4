"""What the site tells search engines: the sitemap and robots.txt.

The sitemap lists what a visitor without an account may read, in all three languages: every live,
unrestricted Wagtail page of the site's language trees (home, story indexes, stories, legal pages),
every public decision and public proposal, each area's page, the areas, proposals and
decisions lists, statistics and open data. Each URL names its translations as hreflang
alternates and an x-default (the default language), and carries a lastmod. Addresses are
absolute on the host of SITE_URL (read by the settings as WAGTAILADMIN_BASE_URL), never on
whatever host a request came in by.

Nothing private is listed: no drafts, no restricted pages, nothing of a resident's own pages
(those are views behind a login, which robots.txt also asks crawlers to leave alone). The pages
and their alternates come from one query; a page's translations are the other pages of the same
list with its translation key.
"""

from collections import defaultdict
from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from pilots.models import LISTED_PROPOSALS, Area, Pilot
from pilots.selectors import public_decisions

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def site_address():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL)


class SiteUrlSitemap(Sitemap):
    """Absolute URLs on SITE_URL's scheme and host."""

    def get_protocol(self, protocol=None):
        return site_address().scheme

    def get_domain(self, site=None):
        return site_address().netloc


class PageSitemap(SiteUrlSitemap):
    """Every public Wagtail page of every language, with its translations as alternates."""

    def items(self) -> list[Page]:
        if not hasattr(self, "_pages"):
            self._pages = list(self._public_pages())
            self._translations = defaultdict(list)
            for page in self._pages:
                self._translations[page.translation_key].append(page)
        return self._pages

    def _public_pages(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return Page.objects.none()
        roots = site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
        return (
            Page.objects.live()
            .public()
            .filter(reduce(or_, (Q(path__startswith=path) for path in roots)))
            .select_related("locale")
            .order_by("path", "locale__language_code")
        )

    def location(self, page: Page) -> str:
        return page.get_url_parts()[2]

    def lastmod(self, page: Page):
        return page.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol()}://{self.get_domain()}"
        for url in urls:
            versions = {
                version.locale.language_code: base + self.location(version)
                for version in self._translations[url["item"].translation_key]
            }
            if settings.LANGUAGE_CODE in versions:
                versions["x-default"] = versions[settings.LANGUAGE_CODE]
            url["alternates"] = [
                {"lang_code": code, "location": versions[code]}
                for code in [*LANGUAGE_CODES, "x-default"]
                if code in versions
            ]
        return urls


class LanguageSitemap(SiteUrlSitemap):
    """Django views that exist in every language: one URL per language, each naming the rest."""

    i18n = True
    alternates = True
    x_default = True


class DecisionSitemap(LanguageSitemap):
    def items(self):
        return public_decisions().select_related(None).only("pk", "decided_on").order_by("pk")

    def location(self, decision) -> str:
        return reverse("pilots:decision_detail", args=[decision.pk])

    def lastmod(self, decision):
        return decision.decided_on


class ProposalSitemap(LanguageSitemap):
    """The proposals their proposers chose to show (never a draft or a withdrawn one)."""

    def items(self):
        return Pilot.objects.filter(LISTED_PROPOSALS).only("pk", "updated_at").order_by("pk")

    def location(self, pilot) -> str:
        return reverse("pilots:proposal_detail", args=[pilot.pk])

    def lastmod(self, pilot):
        return pilot.updated_at


class ChangedByDecisions(LanguageSitemap):
    """Pages whose content moves on when any decision is made: dated by the latest one."""

    def lastmod(self, item):
        if not hasattr(self, "_latest"):
            self._latest = public_decisions().aggregate(latest=Max("decided_on"))["latest"]
        return self._latest


class PublicViewSitemap(ChangedByDecisions):
    """The areas, proposals and decisions lists, statistics and open data."""

    def items(self) -> list[str]:
        return [
            "pilots:area_list",
            "pilots:proposal_list",
            "pilots:decision_list",
            "reporting:statistics",
            "reporting:open_data",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


class AreaSitemap(ChangedByDecisions):
    """Each area's page: its open calls, the grants left and how long decisions take."""

    def items(self):
        return Area.objects.only("slug").order_by("slug")

    def location(self, area) -> str:
        return reverse("pilots:area_detail", args=[area.slug])


SITEMAPS = {
    "pages": PageSitemap,
    "decisions": DecisionSitemap,
    "proposals": ProposalSitemap,
    "areas": AreaSitemap,
    "views": PublicViewSitemap,
}


def private_paths() -> list[str]:
    """Where crawlers have nothing to read: the admin, the accounts, a resident's own pages."""
    paths = ["/admin/", "/stripe/"]
    for code in LANGUAGE_CODES:
        with translation.override(code):
            paths += [
                reverse("account_login").rsplit("login/", 1)[0],
                reverse("accounts:mine"),
                reverse("pilots:mine"),
            ]
    return paths


def robots_txt(request):
    sitemap = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('sitemap')}"
    return render(
        request,
        "robots.txt",
        {"disallowed": private_paths(), "sitemap_url": sitemap},
        content_type="text/plain; charset=utf-8",
    )
