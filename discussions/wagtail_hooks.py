from wagtail import hooks

from discussions.viewsets import CommentViewSet


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return CommentViewSet()
