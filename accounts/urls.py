from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("priorities/move/", views.priority_move, name="priority-move"),
    path("language/", views.language_set, name="language"),
    path("data/", views.data_overview, name="data"),
    path("data/download/", views.data_download, name="data-download"),
    path("delete/", views.account_delete, name="delete"),
    path("verify-residents/", views.verify_residents, name="verify-residents"),
]
