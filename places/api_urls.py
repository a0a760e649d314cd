from django.urls import path

from places import api

urlpatterns = [
    path("areas/", api.AreaListApi.as_view(), name="area-list"),
    path("areas/<str:code>/", api.AreaDetailApi.as_view(), name="area-detail"),
]
