from django.urls import path

from pagecache import cache_anonymous_page
from proposals import api
from proposals.budgets import api as budget_api

urlpatterns = [
    path("proposals/", cache_anonymous_page(api.ProposalListApi.as_view()), name="proposal-list"),
    path("proposals/features/", api.ProposalFeaturesApi.as_view(), name="proposal-features"),
    path("proposals/export.csv", api.ProposalCsvExportApi.as_view(), name="proposal-export"),
    path("proposals/<slug:slug>/", api.ProposalDetailApi.as_view(), name="proposal-detail"),
    path("ideas/", cache_anonymous_page(api.IdeaListApi.as_view()), name="idea-list"),
    path("ideas/features/", api.IdeaFeaturesApi.as_view(), name="idea-features"),
    path("ideas/export.csv", api.IdeaCsvExportApi.as_view(), name="idea-export"),
    path("ideas/<int:pk>/", api.IdeaDetailApi.as_view(), name="idea-detail"),
    path("budgets/", budget_api.BudgetListApi.as_view(), name="budget-list"),
    path("budgets/<int:pk>/", budget_api.BudgetDetailApi.as_view(), name="budget-detail"),
    path("budgets/<int:pk>/ballot/", budget_api.BallotApi.as_view(), name="budget-ballot"),
    path("budgets/<int:pk>/results/", budget_api.BudgetResultsApi.as_view(), name="budget-results"),
]
