from django.urls import path

from investors import campaign_views, dataroom_views, message_views, views

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
    path("messages/", message_views.inbox, name="inbox"),
    path("messages/<str:pk>/", message_views.thread_detail, name="thread"),
    path("messages/<str:pk>/<str:message_pk>/attachment/", message_views.attachment, name="attachment"),
    path("messages/<str:pk>/<str:message_pk>/report/", message_views.report, name="report-message"),
    path("profiles/<slug:slug>/", views.profile_detail, name="profile"),
    path("profiles/<slug:slug>/edit/", views.profile_edit, name="profile-edit"),
    path("<slug:slug>/", views.opportunity_detail, name="detail"),
    path("<slug:slug>/edit/", views.opportunity_edit, name="edit"),
    path("<slug:slug>/impact-summary.pdf", views.opportunity_pdf, name="pdf"),
    path("<slug:slug>/status/", views.opportunity_move, name="move"),
    path("<slug:slug>/delivery/", views.opportunity_delivery, name="delivery"),
    path("<slug:slug>/business-case/", views.business_case_edit, name="business-case"),
    path("<slug:slug>/enquire/", message_views.enquire, name="enquire"),
    path("<slug:slug>/campaign/", campaign_views.campaign_page, name="campaign"),
    path("<slug:slug>/campaign/setup/", campaign_views.campaign_setup, name="campaign-setup"),
    path("<slug:slug>/dataroom/", dataroom_views.room, name="dataroom"),
    path("<slug:slug>/dataroom/upload/", dataroom_views.upload, name="dataroom-upload"),
    path("<slug:slug>/dataroom/grant/", dataroom_views.grant, name="dataroom-grant"),
    path("<slug:slug>/dataroom/grants/<str:pk>/revoke/", dataroom_views.revoke, name="dataroom-revoke"),
    path("<slug:slug>/dataroom/log.csv", dataroom_views.log_csv, name="dataroom-log"),
    path("<slug:slug>/dataroom/<str:pk>/view/", dataroom_views.view, name="dataroom-view"),
    path("<slug:slug>/dataroom/<str:pk>/download/", dataroom_views.download, name="dataroom-download"),
    path("<slug:slug>/dataroom/<str:pk>/remove/", dataroom_views.remove, name="dataroom-remove"),
]
