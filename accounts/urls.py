from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.my_account, name="mine"),
    path("me/my-data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete"),
]
