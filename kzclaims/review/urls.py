from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("claims/<int:pk>/row/", views.claim_row, name="claim_row"),
    path("claims/<int:pk>/panel/", views.claim_panel, name="claim_panel"),
    path("claims/<int:pk>/tag/", views.tag, name="tag"),
    path("claims/<int:pk>/undo/", views.undo, name="undo"),
    path("claims/bulk-tag/", views.bulk_tag, name="bulk_tag"),
    path("claims/new/", views.new_claims, name="new_claims"),
    path("history/undo/", views.undo_step, name="undo_step"),
    path("history/redo/", views.redo_step, name="redo_step"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("speakers/<int:pk>/", views.speaker, name="speaker"),
]
