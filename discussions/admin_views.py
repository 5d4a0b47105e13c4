"""The coordinators' moderation queue in the Wagtail admin and its actions, each a POST that
calls a moderation service (which asks `may_moderate` again)."""

from collections.abc import Callable
from dataclasses import dataclass

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
from pilots.models import Pilot

ModeratorOnlyMixin = only_for(may_moderate)


class ModerationQueueView(ModeratorOnlyMixin, AdminPageMixin, TemplateView):
    template_name = "discussions/admin/moderation_queue.html"
    page_title = _("Moderation")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comments=selectors.moderation_queue(),
            proposals=selectors.proposal_moderation_queue(),
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


@dataclass(frozen=True)
class Moderation:
    """One button of the queue: the service it calls, whether it takes the coordinator's
    grounds, and what the coordinator is told once it is done."""

    service: Callable
    done: str
    with_grounds: bool = False


class ModerateView(ModeratorOnlyMixin, View):
    """One moderation action (`action`, a key of `actions`) on a comment or a proposal (`model`,
    which the services take as `target`)."""

    model = Comment
    target = "comment"
    action = ""
    actions = {
        "hide": Moderation(
            moderation.comment_hide, _("The comment was hidden; its author is told."), True
        ),
        "restore": Moderation(
            moderation.comment_restore, _("The comment is shown again; its author is told.")
        ),
        "dismiss": Moderation(moderation.reports_dismiss, _("The reports were dismissed.")),
        "stop": Moderation(
            moderation.commenting_stop,
            _("The author can no longer comment; they are told."),
            True,
        ),
    }

    def post(self, request, pk):
        chosen = self.actions[self.action]
        arguments = {self.target: get_object_or_404(self.model, pk=pk), "by": request.user}
        if chosen.with_grounds:
            arguments["grounds"] = request.POST.get("grounds", "")
        try:
            chosen.service(**arguments)
        except CommentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, chosen.done)
        return redirect("comments:moderation")


class ModerateProposalView(ModerateView):
    model = Pilot
    target = "pilot"
    actions = {
        "hide": Moderation(
            moderation.proposal_hide,
            _("The proposal's text was hidden from the public; its team is told."),
            True,
        ),
        "restore": Moderation(
            moderation.proposal_restore,
            _("The proposal is shown publicly again; its team is told."),
        ),
        "dismiss": Moderation(
            moderation.proposal_reports_dismiss, _("The reports were dismissed.")
        ),
    }
