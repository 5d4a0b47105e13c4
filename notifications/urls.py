from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("me/notifications/", views.notification_list, name="list"),
    path("me/notifications/<int:pk>/", views.notification_open, name="open"),
    path("me/notifications/read/", views.notifications_mark_all_read, name="mark_all_read"),
    path("me/notifications/settings/", views.notification_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe_link, name="unsubscribe"),
    path("areas/<slug:slug>/follow/", views.follow_area, name="follow_area"),
    path("proposals/<int:pk>/follow/", views.follow_proposal, name="follow_proposal"),
    path("stories/<int:page_id>/follow/", views.follow_story, name="follow_story"),
]
