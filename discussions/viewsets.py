"""The coordinators' view of the conversations in the Wagtail admin: every comment, newest
first, with its pilot, thread and author, to read what residents ask and who answered."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn

from discussions.models import Comment
from kernel.admin_readonly import ReadOnlyModelViewSet


def _excerpt(comment: Comment) -> str:
    return Truncator(comment.body).chars(80) if not comment.is_removed else _("Comment removed")


class CommentViewSet(ReadOnlyModelViewSet):
    model = Comment
    name = "comments"
    url_prefix = "comments"
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 300
    add_to_admin_menu = True
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
    ]

    def get_queryset(self, request):
        return Comment.objects.select_related("pilot", "author")
