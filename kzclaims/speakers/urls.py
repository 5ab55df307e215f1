from django.urls import path

from . import views

app_name = "speakers"
urlpatterns = [
    path("<int:pk>/identity/", views.manage, name="manage"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/split/", views.split, name="split"),
]
