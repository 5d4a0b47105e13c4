from django.urls import path

from discussions import views

app_name = "discussions"

urlpatterns = [
    path("proposals/<int:pk>/comments/", views.proposal_comment, name="proposal_comment"),
    path("stories/<int:page_id>/comments/", views.story_comment, name="story_comment"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="delete"),
    path("comments/<int:pk>/report/", views.comment_report, name="report"),
    path("proposals/<int:pk>/report/", views.proposal_report, name="proposal_report"),
]
