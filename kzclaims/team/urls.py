from django.urls import path

from . import views

app_name = "team"
urlpatterns = [
    path("", views.assignments, name="assignments"),
    path("assign/", views.assign, name="assign"),
    path("<int:pk>/", views.assignment, name="assignment"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("editors/<int:pk>/", views.editor, name="editor"),
]
