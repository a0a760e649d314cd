"""Participatory budgets in the API: budgets with their items and rules, my ballot (PUT to cast
or change, DELETE to withdraw: the same rules as the page, every broken one named in a 400), and
the results once they may be seen."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from engagement import budgeting
from params import parse_ids
from proposals.budgets import permissions, selectors, services
from proposals.budgets.models import Budget, BudgetItem


def _budget_or_404(request, pk) -> Budget:
    budget = Budget.objects.filter(pk=pk).first()
    if budget is None or not permissions.may_view(request.user, budget):
        raise Http404
    return budget


class BudgetItemOutputSerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField()

    class Meta:
        model = BudgetItem
        fields = ["id", "title", "description", "cost_gbp", "score", "source"]

    def get_source(self, item) -> str | None:
        source = item.source
        return self.context["request"].build_absolute_uri(source.get_absolute_url()) if source else None


class BudgetOutputSerializer(serializers.ModelSerializer):
    phase = serializers.CharField(source="effective_phase")
    area = serializers.CharField(source="area.code")
    rules = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = [
            "id",
            "title",
            "description",
            "area",
            "amount_gbp",
            "phase",
            "vote_closes_at",
            "audience",
            "method",
            "rules",
            "url",
        ]

    def get_rules(self, budget) -> dict:
        rules = budget.rules
        return {
            "kind": rules.kind,
            "min_spend_percent": rules.min_spend_percent,
            "max_approvals": rules.max_approvals,
            "min_items": rules.min_items,
            "max_items": rules.max_items,
            "in_words": [str(line) for line in rules.describe()],
        }

    def get_url(self, budget) -> str:
        return self.context["request"].build_absolute_uri(budget.get_absolute_url())


class BudgetListApi(generics.ListAPIView):
    """Participatory budgets (drafts only for those who run them), newest first."""

    permission_classes = [AllowAny]
    serializer_class = BudgetOutputSerializer

    def get_queryset(self):
        return selectors.budget_list(user=self.request.user)


class BudgetDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        budget = _budget_or_404(request, pk)
        data = BudgetOutputSerializer(budget, context={"request": request}).data
        data["items"] = BudgetItemOutputSerializer(
            selectors.budget_items(budget=budget), many=True, context={"request": request}
        ).data
        return Response(data)


class BallotApi(APIView):
    """My ballot in a budget: the ids of the items I choose."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="BallotInput")
    class InputSerializer(serializers.Serializer):
        items = serializers.ListField(child=serializers.JSONField(), max_length=500)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        budget = _budget_or_404(request, pk)
        mine = selectors.my_choices(budget=budget, user=request.user)
        return Response({"items": sorted(mine) if mine is not None else None})

    @extend_schema(request=InputSerializer, responses={200: OpenApiTypes.OBJECT})
    def put(self, request, pk):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = parse_ids(data.validated_data["items"], name="items", limit=500)
        budget = _budget_or_404(request, pk)
        services.ballot_cast(budget=budget, user=request.user, item_ids=ids)
        return Response({"items": sorted(ids)})

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        budget = _budget_or_404(request, pk)
        services.ballot_withdraw(budget=budget, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BudgetResultsApi(APIView):
    """Both counts, each item's result and why, once the results may be seen (403 before)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        budget = _budget_or_404(request, pk)
        if not permissions.can_see_results(request.user, budget):
            return Response(
                {"detail": _("The results are shown once voting closes.")}, status=status.HTTP_403_FORBIDDEN
            )
        published = budget.phase == Budget.Phase.RESULTS and budget.results
        counted = budget.results if published else selectors.budget_count(budget=budget)
        methods = {}
        for method in selectors.METHODS:
            outcome = selectors.outcome_from(counted[method], method=method, budget=budget.amount_gbp)
            methods[method] = {
                "winners": outcome.winners,
                "spent_gbp": outcome.spent,
                "items": [
                    {
                        "id": r.item,
                        "votes": r.votes,
                        "won": r.status == budgeting.WON,
                        "why": budgeting.explain(r, outcome),
                    }
                    for r in outcome.items.values()
                ],
            }
        return Response(
            {
                "published": bool(published),
                "official": budget.method,
                "ballots": counted["ballots"],
                "counted_at": counted["counted_at"],
                **methods,
            }
        )
