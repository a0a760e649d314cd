from django.urls import path

from engagement import api

urlpatterns = [
    path("comments/", api.CommentListApi.as_view(), name="comment-list"),
    path("consultations/", api.ConsultationListApi.as_view(), name="consultation-list"),
    path("consultations/<int:pk>/", api.ConsultationDetailApi.as_view(), name="consultation-detail"),
    path("consultations/<int:pk>/results/", api.ConsultationResultsApi.as_view(), name="consultation-results"),
    path("consultations/<int:pk>/vote/", api.VoteApi.as_view(), name="consultation-vote"),
    path("consultations/<int:pk>/response/", api.ResponseApi.as_view(), name="consultation-response"),
]
