from wagtail import hooks

from grants.viewsets import GrantViewSet


@hooks.register("register_admin_viewset")
def register_grant_viewset():
    return GrantViewSet()
