from wagtail import hooks

from grants.viewsets import GrantViewSet, SepaBatchViewSet


@hooks.register("register_admin_viewset")
def register_grant_viewset():
    return GrantViewSet()


@hooks.register("register_admin_viewset")
def register_sepa_batch_viewset():
    return SepaBatchViewSet()
