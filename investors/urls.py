from django.urls import path

from investors import views

app_name = "investors"
urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("new/", views.opportunity_new, name="new"),
    path("features.geojson", views.opportunity_features, name="features"),
    path("mine/", views.my_opportunities, name="mine"),
    path("review/", views.review_queue, name="review"),
    path("additionality/", views.additionality_page, name="additionality"),
    path("compare/", views.compare, name="compare"),
    path("compare/saved/", views.saved, name="saved"),
    path("alerts/", views.alerts, name="alerts"),
    path("profiles/<slug:slug>/", views.profile_detail, name="profile"),
    path("profiles/<slug:slug>/edit/", views.profile_edit, name="profile-edit"),
    path("<slug:slug>/", views.opportunity_detail, name="detail"),
    path("<slug:slug>/edit/", views.opportunity_edit, name="edit"),
    path("<slug:slug>/impact-summary.pdf", views.opportunity_pdf, name="pdf"),
    path("<slug:slug>/status/", views.opportunity_move, name="move"),
    path("<slug:slug>/delivery/", views.opportunity_delivery, name="delivery"),
]
