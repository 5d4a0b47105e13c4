"""Following, the notification list, the email settings and the unsubscribe link: plain forms
that work without script, each calling a service. Every page here but the unsubscribe link's
is one person's behind a login (kernel.private_pages); the follow buttons are on pilots' pages
(templatetags/following.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kernel.errors import ActionRefused
from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.models import Kind, Notification
from notifications.texts import notification_html, notification_target
from notifications.unsubscribe import UnsubscribeLinkRefused, unsubscribe, unsubscribe_request
from pilots.models import Area, Pilot, PilotStoryPage

PER_PAGE = 20


def _follow(request, back: str, **target):
    """Follow the area or pilot, or stop following it (`follow=0`), then back to its page."""
    try:
        if request.POST.get("follow") == "0":
            services.follow_remove(by=request.user, **target)
            messages.success(request, _("You no longer follow this."))
        else:
            services.follow_add(by=request.user, **target)
            messages.success(
                request, _("You follow this now: what happens is in your notifications.")
            )
    except ActionRefused as refused:
        messages.error(request, refused.message)
    return redirect(back)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h")
def follow_area(request, slug):
    area = get_object_or_404(Area, slug=slug)
    return _follow(request, reverse("pilots:area_detail", args=[slug]), area=area)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h")
def follow_proposal(request, pk):
    pilot = get_object_or_404(Pilot, pk=pk)
    if pilot.is_public_proposal:
        back = reverse("pilots:proposal_detail", args=[pk])
    else:
        back = reverse("pilots:proposal_list")
    return _follow(request, back, pilot=pilot)


@login_required
@require_POST
@ratelimit(key="user", rate="60/h")
def follow_story(request, page_id):
    story = get_object_or_404(PilotStoryPage.objects.live().select_related("pilot"), pk=page_id)
    return _follow(request, story.get_url(request), pilot=story.pilot)


@login_required
def notification_list(request):
    """The newest first, unread ones marked; opening one marks it read."""
    page = Paginator(selectors.notifications_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for notification in page:
        notification.html = notification_html(notification)
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Where a notification leads, through here so that it is read from now on."""
    notification = get_object_or_404(
        Notification.objects.select_related("pilot__area", "comment"),
        pk=pk,
        recipient=request.user,
    )
    services.notification_open(notification=notification, by=request.user)
    return redirect(notification_target(notification))


@login_required
@require_POST
@ratelimit(key="user", rate="60/h")
def notifications_mark_all_read(request):
    services.notifications_mark_all_read(by=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@ratelimit(key="user", rate="30/h", method="POST")
def notification_settings(request):
    """How often each kind is emailed."""
    form = PreferencesForm(request.POST or None, current=selectors.frequencies(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, by=request.user, chosen=form.cleaned_data)
        messages.success(request, _("Your email choices were saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/notification_settings.html", {"form": form})


@never_cache
@csrf_exempt  # RFC 8058: the mail client's one-click POST has no token and no session.
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="60/h", method="POST")
def unsubscribe_link(request, token):
    """GET: what the link would stop, with one button. POST: stopped, no login needed."""
    try:
        if request.method == "POST":
            _user, kinds = unsubscribe(token)
        else:
            _user, kinds = unsubscribe_request(token)
    except UnsubscribeLinkRefused as refused:
        return render(
            request, "notifications/unsubscribe.html", {"refusal": refused.message}, status=400
        )
    labels = [Kind(kind).label for kind in kinds]
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kinds": labels, "done": request.method == "POST"},
    )
