from django.urls import path

from gamification import reward_views

app_name = "rewards"
urlpatterns = [
    path("", reward_views.mine, name="mine"),
    path("pseudonym/", reward_views.pseudonym_renew, name="pseudonym"),
    path("badges/", reward_views.badge_list, name="badges"),
    path("leaderboards/", reward_views.leaderboard, name="leaderboards"),
    path("people/<str:pk>/", reward_views.person_ledger, name="person"),
]
