"""The home page's way in to each area's page (one query: the areas' names)."""

from django import template

from pilots.models import Area

register = template.Library()


@register.inclusion_tag("pilots/includes/area_links.html")
def area_links():
    return {"areas": Area.objects.order_by("name_fi")}
