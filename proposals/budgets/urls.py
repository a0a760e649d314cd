from django.urls import path

from proposals.budgets import views

urlpatterns = [
    path("budgets/", views.budget_list, name="budgets"),
    path("budgets/new/", views.budget_edit, name="budget-new"),
    path("budgets/<int:pk>/", views.budget_detail, name="budget"),
    path("budgets/<int:pk>/edit/", views.budget_edit, name="budget-edit"),
    path("budgets/<int:pk>/ballot/", views.ballot_cast, name="budget-ballot"),
    path("budgets/<int:pk>/phase/", views.budget_phase, name="budget-phase"),
    path("budgets/<int:pk>/items/new/", views.item_edit, name="budget-item-new"),
    path("budgets/<int:pk>/items/<int:item_pk>/", views.item_edit, name="budget-item"),
    path("budgets/<int:pk>/results/", views.budget_results, name="budget-results"),
    path("budgets/<int:pk>/results.csv", views.budget_results_csv, name="budget-results-csv"),
]
