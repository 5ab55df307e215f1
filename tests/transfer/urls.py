"""The project's URLs without the review screens, for running these tests while the review app
is being written in the same tree (see `transfer_urls` in conftest)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("admin/", admin.site.urls),
    path("export/", include("kzclaims.exports.urls")),
    path("imports/", include("kzclaims.imports.urls")),
]
