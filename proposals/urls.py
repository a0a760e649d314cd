from django.urls import path

from proposals import views
from proposals.budgets.urls import urlpatterns as budget_urlpatterns

app_name = "proposals"
urlpatterns = [
    path("proposals/", views.proposal_list, name="list"),
    path("proposals/compare/", views.compare, name="compare"),
    path("proposals/<slug:slug>/", views.proposal_detail, name="detail"),
    path("proposals/<slug:slug>/decision/", views.decision_publish, name="decision"),
    path("proposals/<slug:slug>/actions/new/", views.milestone_edit, name="milestone-new"),
    path("proposals/<slug:slug>/actions/<int:pk>/", views.milestone_edit, name="milestone-edit"),
    path("proposals/<slug:slug>/documents/new/", views.document_add, name="document-add"),
    path("proposals/<slug:slug>/images/new/", views.image_add, name="image-add"),
    path("ideas/", views.idea_list, name="idea-list"),
    path("ideas/new/", views.idea_submit, name="idea-submit"),
    path("ideas/similar/", views.idea_similar, name="idea-similar"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea-detail"),
    path("ideas/<int:pk>/respond/", views.idea_respond, name="idea-respond"),
    path("map/", views.district_map, name="map"),
    path("map/layers/new/", views.layer_edit, name="layer-new"),
    path("map/layers/<slug:slug>/", views.layer_edit, name="layer-edit"),
    path("feed/", views.feed, name="feed"),
] + budget_urlpatterns
