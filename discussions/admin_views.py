"""The coordinators' moderation queue in the Wagtail admin and its actions, each a POST that
calls a moderation service (which asks `may_moderate` again)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from discussions import moderation, selectors
from discussions.errors import CommentRefused
from discussions.models import Comment, CommentingBan
from discussions.permissions import may_moderate
from kernel.access import only_for
from kernel.admin_pages import AdminPageMixin

ModeratorOnlyMixin = only_for(may_moderate)


class ModerationQueueView(ModeratorOnlyMixin, AdminPageMixin, TemplateView):
    template_name = "discussions/admin/moderation_queue.html"
    page_title = _("Moderation")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comments=selectors.moderation_queue(),
            bans=CommentingBan.objects.select_related("user", "by").order_by("-at"),
            **kwargs,
        )


class CommentingAllowView(ModeratorOnlyMixin, View):
    """Lift a ban: its user comments again."""

    def post(self, request, pk):
        ban = get_object_or_404(CommentingBan.objects.select_related("user"), pk=pk)
        try:
            moderation.commenting_allow(ban=ban, by=request.user)
        except CommentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The user can comment again."))
        return redirect("comments:moderation")


class ModerateView(ModeratorOnlyMixin, View):
    """`action` is one of hide (with `grounds`), restore, dismiss, stop (the author from
    commenting, with `grounds`)."""

    action = ""
    done = {
        "hide": _("The comment was hidden; its author is told."),
        "restore": _("The comment is shown again; its author is told."),
        "dismiss": _("The reports were dismissed."),
        "stop": _("The author can no longer comment; they are told."),
    }

    def post(self, request, pk):
        comment = get_object_or_404(Comment, pk=pk)
        try:
            if self.action == "hide":
                moderation.comment_hide(
                    comment=comment, by=request.user, grounds=request.POST.get("grounds", "")
                )
            elif self.action == "stop":
                moderation.commenting_stop(
                    comment=comment, by=request.user, grounds=request.POST.get("grounds", "")
                )
            elif self.action == "restore":
                moderation.comment_restore(comment=comment, by=request.user)
            else:
                moderation.reports_dismiss(comment=comment, by=request.user)
        except CommentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, self.done[self.action])
        return redirect("comments:moderation")
