from django.urls import path

from twin import api

urlpatterns = [
    path("kpis/", api.KpiListApi.as_view(), name="kpi-list"),
    path("observations/", api.ObservationListApi.as_view(), name="observation-list"),
    path("datasets/", api.DatasetListApi.as_view(), name="dataset-list"),
    path("scores/", api.ScoreListApi.as_view(), name="score-list"),
    path("scores/<str:label>/<int:pk>/", api.ScoreDetailApi.as_view(), name="score-detail"),
]
