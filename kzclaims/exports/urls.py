from django.urls import path

from kzclaims.exports import views

app_name = "exports"
urlpatterns = [
    path("claims.csv", views.claims_csv, name="csv"),
    path("claims.jsonl", views.claims_jsonl, name="jsonl"),
    path("claims.claimreview.jsonld", views.claims_claimreview, name="claimreview"),
    path("claims.factcheck.jsonl", views.claims_factcheck, name="factcheck"),
    path("articles.jsonl", views.articles_jsonl, name="articles"),
]
