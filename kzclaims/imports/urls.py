from django.urls import path

from kzclaims.imports import views

app_name = "imports"
urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("retry/", views.retry, name="retry"),
]
