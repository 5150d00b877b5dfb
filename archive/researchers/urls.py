from django.urls import path

from . import views

app_name = "researchers"

urlpatterns = [
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("applied/", views.applied, name="applied"),
]
