from django.urls import path

from engagement import api

urlpatterns = [
    path("comments/", api.CommentListApi.as_view(), name="comment-list"),
]
