from django.urls import path

from investors import api
from pagecache import cache_anonymous_page

urlpatterns = [
    path("opportunities/", cache_anonymous_page(api.OpportunityListApi.as_view()), name="opportunity-list"),
    path("opportunities/<slug:slug>/", api.OpportunityDetailApi.as_view(), name="opportunity-detail"),
]
