from django.urls import path

from twin import views

app_name = "twin"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kpis/<slug:code>.csv", views.kpi_csv, name="kpi-csv"),
    path("scores/<str:label>/<int:pk>/", views.score_why, name="score"),
    path("weights/", views.weights, name="weights"),
    path("delivered/", views.delivered, name="delivered"),
    path("scenarios/", views.scenario_list, name="scenarios"),
    path("scenarios/new/", views.scenario_edit, name="scenario-new"),
    path("scenarios/compare/", views.scenario_compare, name="scenario-compare"),
    path("scenarios/<int:pk>/", views.scenario_edit, name="scenario"),
    path("data/", views.catalogue, name="catalogue"),
    path("data/requests/", views.access_requests, name="access-requests"),
    path("data/<slug:slug>/", views.dataset_detail, name="dataset"),
    path("data/<slug:slug>/download/", views.dataset_download, name="dataset-download"),
]
