from django.urls import path

from gamification import views

app_name = "gamification"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
]
