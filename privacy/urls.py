from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("me/my-data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete"),
]
