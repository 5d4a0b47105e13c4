"""The coordinators' view of the conversations in the Wagtail admin: every comment, newest
first, with its pilot, thread and author, to read what residents ask and who answered."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton

from discussions.admin_views import (
    CommentingAllowView,
    ModerateProposalView,
    ModerateView,
    ModerationQueueView,
)
from discussions.models import Comment
from kernel.admin_readonly import ReadOnlyModelViewSet


def _excerpt(comment: Comment) -> str:
    return Truncator(comment.body).chars(80) if not comment.is_removed else _("Comment removed")


class CommentIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Moderation"), url=reverse("comments:moderation"), icon_name="warning")
        ]


class CommentViewSet(ReadOnlyModelViewSet):
    model = Comment
    name = "comments"
    url_prefix = "comments"
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    list_display = [
        TitleColumn("body", label=_("Comment"), url_name="comments:inspect", accessor=_excerpt),
        "pilot",
        "thread",
        "author_role",
        "created_at",
    ]
    list_filter = ["thread", "author_role"]
    search_fields = ["body"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "pilot",
        "thread",
        "parent",
        "author",
        "author_role",
        "body",
        "created_at",
        "edited_at",
        "removed_at",
        "held_at",
        "hidden_at",
        "hidden_grounds",
    ]

    def get_action_urlpatterns(self):
        return [
            path("moderation/", ModerationQueueView.as_view(), name="moderation"),
            path("hide/<int:pk>/", ModerateView.as_view(action="hide"), name="hide"),
            path("restore/<int:pk>/", ModerateView.as_view(action="restore"), name="restore"),
            path("dismiss/<int:pk>/", ModerateView.as_view(action="dismiss"), name="dismiss"),
            path("stop-author/<int:pk>/", ModerateView.as_view(action="stop"), name="stop"),
            path("allow/<int:pk>/", CommentingAllowView.as_view(), name="allow"),
            path(
                "proposals/hide/<int:pk>/",
                ModerateProposalView.as_view(action="hide"),
                name="proposal_hide",
            ),
            path(
                "proposals/restore/<int:pk>/",
                ModerateProposalView.as_view(action="restore"),
                name="proposal_restore",
            ),
            path(
                "proposals/dismiss/<int:pk>/",
                ModerateProposalView.as_view(action="dismiss"),
                name="proposal_dismiss",
            ),
        ]

    def get_queryset(self, request):
        return Comment.objects.select_related("pilot", "author")
