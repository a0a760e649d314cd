from django.urls import path

from proposals import views

app_name = "proposals"
urlpatterns = [
    path("proposals/", views.proposal_list, name="list"),
    path("proposals/<slug:slug>/", views.proposal_detail, name="detail"),
    path("ideas/", views.idea_list, name="idea-list"),
    path("ideas/new/", views.idea_submit, name="idea-submit"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea-detail"),
]
