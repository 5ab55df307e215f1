from django.urls import path

from . import views

app_name = "agreement"
urlpatterns = [
    path("", views.agreement, name="page"),
    path("agreement.csv", views.agreement_csv, name="csv"),
    path("agreement.json", views.agreement_json, name="json"),
    path("resolve/", views.resolve_queue, name="resolve"),
    path("resolve/<int:pk>/", views.resolve_item, name="item"),
    path("resolve/<int:pk>/decide/", views.decide, name="decide"),
]
