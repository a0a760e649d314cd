from django.urls import path

from gamification import alert_views, feeds, views
from pagecache import cache_anonymous_page

app_name = "gamification"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("export.<str:fmt>", views.report_export, name="report-export"),
    path("map.geojson", views.report_map, name="report-map"),
    path("alerts/", alert_views.alert_list, name="alerts"),
    path("alerts/<str:pk>/remove/", alert_views.alert_remove, name="alert-remove"),
    path("feeds/<slug:code>.atom", cache_anonymous_page(feeds.ReportFeed()), name="feed"),
    path("new/", views.report_new, name="report-new"),
    path("new/details/", views.report_details, name="report-details"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/confirm/", views.report_confirm, name="report-confirm"),
    path("<int:pk>/fixed/", views.report_fixed, name="report-fixed"),
    path("<int:pk>/reopen/", views.report_reopen, name="report-reopen"),
    path("<int:pk>/move/", views.report_move, name="report-move"),
    path("<int:pk>/photos/", views.report_photo_add, name="report-photo-add"),
    path("<int:pk>/manage/", views.report_manage, name="report-manage"),
    path("<int:pk>/reject/", views.report_reject, name="report-reject"),
    path("questionnaire/<int:pk>/", views.questionnaire, name="questionnaire"),
]
