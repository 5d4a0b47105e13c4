from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("pilots/<int:pk>/payout/bank/", views.bank_details, name="bank_details"),
    path("pilots/<int:pk>/payout/stripe/", views.stripe_start, name="stripe_start"),
    path("pilots/<int:pk>/payout/stripe/refresh/", views.stripe_refresh, name="stripe_refresh"),
    path("pilots/<int:pk>/payout/stripe/return/", views.stripe_return, name="stripe_return"),
]
