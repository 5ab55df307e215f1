from django.urls import path

from . import views

app_name = "comparison"
urlpatterns = [
    path("compare/", views.compare, name="compare"),
]
