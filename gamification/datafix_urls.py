from django.urls import path

from gamification import datafix_views

app_name = "improve"
urlpatterns = [
    path("", datafix_views.place_list, name="places"),
    path("places/<str:pk>/", datafix_views.place_check, name="place"),
    path("missing/", datafix_views.place_missing, name="missing"),
    path("review/", datafix_views.review_queue, name="review"),
    path("review/<str:pk>/", datafix_views.review, name="review-one"),
]
