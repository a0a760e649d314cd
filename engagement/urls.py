from django.urls import path

from engagement import moderation_views, notification_views, views

app_name = "engagement"
urlpatterns = [
    # "comments/<pk>/…" first: "<label>/<id>/report/" would otherwise swallow a comment's report link.
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("comments/<int:pk>/helpful/", views.comment_helpful, name="comment-helpful"),
    path("comments/<int:comment_pk>/report/", views.report, name="comment-report"),
    path("<str:label>/<int:object_id>/comments/", views.comments, name="comments"),
    path("<str:label>/<int:object_id>/follow/", views.follow, name="follow"),
    path("<str:label>/<int:object_id>/report/", views.report, name="report"),
]
urlpatterns += [
    path("<str:label>/<int:object_id>/support/", views.support, name="support"),
    path("<str:label>/<int:object_id>/consultations/new/", views.consultation_edit, name="consultation-new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/vote/", views.consultation_vote, name="consultation-vote"),
    path("consultations/<int:pk>/respond/", views.consultation_respond, name="consultation-respond"),
    path("consultations/<int:pk>/results/", views.consultation_results, name="consultation-results"),
    path("consultations/<int:pk>/results.csv", views.consultation_results_csv, name="consultation-results-csv"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation-edit"),
    path("consultations/<int:pk>/stage/", views.consultation_stage, name="consultation-stage"),
]
urlpatterns += [
    path("moderation/", moderation_views.queue, name="moderation"),
    path("moderation/hidden/", moderation_views.hidden, name="moderation-hidden"),
    path("moderation/log/", moderation_views.log, name="moderation-log"),
    path("moderation/people/<int:pk>/", moderation_views.person, name="moderation-person"),
]
urlpatterns += [
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/preferences/", notification_views.preferences, name="notification-preferences"),
    path("notifications/unsubscribe/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
]
