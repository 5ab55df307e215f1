from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kzclaims import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("agreement/", include("kzclaims.agreement.urls")),
    path("export/", include("kzclaims.exports.urls")),
    path("imports/", include("kzclaims.imports.urls")),
    path("speakers/", include("kzclaims.speakers.urls")),
    path("team/", include("kzclaims.team.urls")),
    path("preferences/", include("kzclaims.preferences.urls")),
    path("", include("kzclaims.comparison.urls")),
    path("", include("kzclaims.review.urls")),
]
