from django.urls import path

from gamification import game_views

app_name = "game"
urlpatterns = [
    path("", game_views.start, name="start"),
    path("play/", game_views.play, name="play"),
    path("insights/", game_views.insights, name="insights"),
    path("insights.csv", game_views.insights_csv, name="insights-csv"),
    path("<int:pk>/", game_views.plan_detail, name="plan"),
    path("<int:pk>/edit/", game_views.play, name="edit"),
    path("<int:pk>/share/", game_views.plan_share, name="share"),
    path("<int:pk>/delete/", game_views.plan_delete, name="delete"),
    path("<int:pk>/compare/", game_views.compare, name="compare"),
]
