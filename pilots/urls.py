from django.urls import path

from pilots import views
from pilots.feeds import StoryFeed

app_name = "pilots"

urlpatterns = [
    path("pilots/", views.my_pilots, name="mine"),
    path("pilots/propose/", views.pilot_create, name="propose"),
    path("pilots/<int:pk>/", views.pilot_detail, name="detail"),
    path("pilots/<int:pk>/edit/", views.pilot_edit, name="edit"),
    path("pilots/<int:pk>/submit/", views.pilot_submit, name="submit"),
    path("pilots/<int:pk>/withdraw/", views.pilot_withdraw, name="withdraw"),
    path(
        "pilots/<int:pk>/name-consent/",
        views.pilot_consent,
        {"kind": "name"},
        name="name_consent",
    ),
    path(
        "pilots/<int:pk>/public/",
        views.pilot_consent,
        {"kind": "public"},
        name="public_choice",
    ),
    path(
        "pilots/<int:pk>/photo-consent/",
        views.pilot_consent,
        {"kind": "photos"},
        name="photo_consent",
    ),
    path("pilots/<int:pk>/team/", views.pilot_team, name="team"),
    path("pilots/<int:pk>/team/leave/", views.co_proposer_leave, name="team_leave"),
    path(
        "pilots/<int:pk>/team/<int:user_id>/remove/",
        views.co_proposer_remove,
        name="team_remove",
    ),
    path(
        "pilots/<int:pk>/team/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("co-proposer-invitations/<str:token>/", views.invitation_answer, name="invitation"),
    path("pilots/<int:pk>/report/", views.report_edit, name="report"),
    path("pilots/<int:pk>/report/submit/", views.report_submit, name="report_submit"),
    path("stories/<int:story_id>/adapt/", views.story_adapt, name="adapt"),
    path("stories/feed/", StoryFeed(), name="story_feed"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/support/", views.proposal_support, name="proposal_support"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
]
