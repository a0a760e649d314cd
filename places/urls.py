from django.urls import path

from places import views

app_name = "places"
urlpatterns = [
    path("", views.area_map, name="map"),
    path("data-sources/", views.data_sources, name="data-sources"),
    path("find/", views.location_search, name="location-search"),
    path("describe/", views.location_describe, name="location-describe"),
    path("<str:code>/", views.area_detail, name="detail"),
]
