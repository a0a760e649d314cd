from django.urls import path

from engagement import views

app_name = "engagement"
urlpatterns = [
    path("<str:label>/<int:object_id>/comments/", views.comments, name="comments"),
    path("<str:label>/<int:object_id>/follow/", views.follow, name="follow"),
    path("<str:label>/<int:object_id>/report/", views.report, name="report"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("comments/<int:pk>/helpful/", views.comment_helpful, name="comment-helpful"),
    path("comments/<int:comment_pk>/report/", views.report, name="comment-report"),
]
