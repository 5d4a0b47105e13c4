"""Our own pages in the Wagtail admin, headed like Wagtail's own.

Wagtail's header shows the breadcrumbs, not the page title: a page that adds no breadcrumb is
headed "Home" whatever it is. Each of our pages ends its breadcrumbs with its own title.
"""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminPageMixin(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
