from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/grants.json", views.grants_json, name="grants_json"),
    path("open-data/grants.csv", views.grants_csv, name="grants_csv"),
    path("open-data/avustukset.csv", views.grants_finnish_csv, name="grants_finnish_csv"),
    path("statistics/", views.statistics, name="statistics"),
    path("api/stories/", views.story_api, name="story_api"),
]
