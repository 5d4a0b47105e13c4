"""Wagtail's check of a page's view restrictions, in one query instead of two.

Every Wagtail page served asks for the restrictions on it and on its ancestors. Wagtail fetches
the ancestors first, then their restrictions; an ancestor's path is a prefix of the page's own,
so one query with the ancestors as a subquery gives the same restrictions.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


class ViewRestrictionsInOneQuery:
    """Put before `Page` in a page model's bases."""

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors; an alias is restricted as its
        source page is, and never by its own (as Wagtail has it).

        See https://docs.wagtail.org/en/stable/reference/models.html#wagtail.models.Page.get_view_restrictions
        """
        steps = range(self.steplen, len(self.path) + 1, self.steplen)
        line = Page.objects.filter(path__in=[self.path[:end] for end in steps])
        return PageViewRestriction.objects.filter(
            Q(page__in=line.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=line.filter(alias_of__isnull=False).values("alias_of"))
        )
