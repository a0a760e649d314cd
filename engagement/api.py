"""Public comments over the API: read by anyone, written by signed-in people (same rules as the site)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from engagement import permissions, registry, selectors, services
from engagement.models import Comment, Consultation, StanceVote
from params import BadParameter, parse_target


class TargetField(serializers.CharField):
    """ "app_label.model:id", e.g. "proposals.idea:12"."""

    default_error_messages = {
        "invalid_target": _("Give the item as app_label.model:id of something people can discuss.")
    }

    def to_internal_value(self, data):
        raw = super().to_internal_value(data)
        try:
            label, object_id = parse_target(raw)
            return registry.resolve_target(label, object_id)
        except (BadParameter, registry.NotEngageable):
            self.fail("invalid_target")


class CommentPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class CommentListApi(generics.ListCreateAPIView):
    """Comments on one item, oldest first; removed comments appear without their text."""

    class FilterSerializer(serializers.Serializer):
        target = TargetField(help_text="app_label.model:id")

    @extend_schema_serializer(component_name="CommentInput")
    class InputSerializer(serializers.Serializer):
        target = TargetField(help_text="app_label.model:id")
        body = serializers.CharField(max_length=Comment.MAX_LENGTH)
        parent = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema_serializer(component_name="Comment")
    class OutputSerializer(serializers.ModelSerializer):
        author = serializers.SerializerMethodField()
        body = serializers.SerializerMethodField()
        removed = serializers.SerializerMethodField()

        class Meta:
            model = Comment
            fields = ["id", "parent", "author", "body", "removed", "created_at", "edited_at", "helpful_count"]

        def get_author(self, comment) -> str | None:
            return comment.author.display_name if comment.author_id and comment.is_visible else None

        def get_body(self, comment) -> str | None:
            return comment.body if comment.is_visible else None

        def get_removed(self, comment) -> bool:
            return not comment.is_visible

    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = CommentPagination
    serializer_class = OutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        serializer = self.FilterSerializer(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        target = serializer.validated_data["target"]
        content_type = registry.target_content_type(registry.label_for(target))
        return (
            Comment.objects.filter(content_type=content_type, object_id=target.pk)
            .select_related("author")
            .order_by("created_at", "pk")
        )

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parent = None
        if data.get("parent"):
            parent = Comment.objects.filter(pk=data["parent"]).first()
            if parent is None:
                raise serializers.ValidationError({"parent": [_("No such comment.")]})
        try:
            comment = services.comment_create(
                author=request.user, target=data["target"], body=data["body"], parent=parent
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        return Response(self.OutputSerializer(comment).data, status=status.HTTP_201_CREATED)


# --- Consultations --------------------------------------------------------------------------------
class ConsultationOutputSerializer(serializers.ModelSerializer):
    target = serializers.SerializerMethodField()
    stage = serializers.CharField(source="effective_stage")
    questions = serializers.SerializerMethodField()
    tallies = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "description",
            "stage",
            "starts_at",
            "ends_at",
            "audience",
            "results_visibility",
            "target",
            "questions",
            "tallies",
            "response_count",
        ]

    def get_target(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}:{obj.object_id}"

    def get_questions(self, obj) -> list[dict]:
        return [
            {
                "id": q.pk,
                "kind": q.kind,
                "prompt": q.prompt,
                "help_text": q.help_text,
                "required": q.required,
                "options": q.options,
            }
            for q in obj.questions.all()
        ]

    def get_tallies(self, obj) -> dict | None:
        request = self.context.get("request")
        if request is None or not permissions.can_see_results(request.user, obj):
            return None
        return {"support": obj.support_count, "neutral": obj.neutral_count, "oppose": obj.oppose_count}


def _consultation_or_404(request, pk, *, questions: bool = True) -> Consultation:
    qs = Consultation.objects.select_related("content_type").prefetch_related("questions") if questions else None
    try:  # a vote needs neither the target's type nor the questions: the lightest query there is
        consultation = (qs or Consultation.objects).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        consultation = None
    if consultation is None or not permissions.may_view_consultation(request.user, consultation):
        raise Http404
    return consultation


class ConsultationListApi(generics.ListAPIView):
    """Consultations that have opened (newest first); `target` narrows to one item."""

    permission_classes = [AllowAny]
    serializer_class = ConsultationOutputSerializer
    pagination_class = CommentPagination
    filter_backends: list = []

    class FilterSerializer(serializers.Serializer):
        target = TargetField(help_text="app_label.model:id", required=False)

    def get_queryset(self):
        serializer = self.FilterSerializer(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        qs = (
            Consultation.objects.exclude(stage=Consultation.Stage.DRAFT)  # the public list, staff too
            .select_related("content_type")
            .prefetch_related("questions")
            .order_by("-created_at", "-pk")
        )
        target = serializer.validated_data.get("target")
        if target is not None:
            content_type = registry.target_content_type(registry.label_for(target))
            qs = qs.filter(content_type=content_type, object_id=target.pk)
        return qs

    @extend_schema(parameters=[FilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ConsultationDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ConsultationOutputSerializer)
    def get(self, request, pk):
        consultation = _consultation_or_404(request, pk)
        return Response(ConsultationOutputSerializer(consultation, context={"request": request}).data)


class ConsultationResultsApi(APIView):
    """Tallies overall and by ward (403 until results are public)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        consultation = _consultation_or_404(request, pk)
        permissions_check_results(request.user, consultation)
        results = selectors.consultation_results(consultation=consultation)
        areas = dict(results["areas"])

        def by_area(values):
            return {areas.get(k, "no home ward") if k else "no home ward": v for k, v in values.items()}

        return Response(
            {
                "consultation": consultation.pk,
                "stage": consultation.effective_stage,
                "votes": results["votes"],
                "responses": results["responses"],
                "stance": {
                    k: {"overall": v["overall"], "by_ward": by_area(v["by_area"])} for k, v in results["stance"].items()
                },
                "questions": [
                    {
                        "id": q["question"].pk,
                        "prompt": q["question"].prompt,
                        "kind": q["kind"],
                        "mean": q["mean"],
                        "answered": q["answered"],
                        "rows": [
                            {"label": str(r["label"]), "overall": r["overall"], "by_ward": by_area(r["by_area"])}
                            for r in q["rows"]
                        ],
                    }
                    for q in results["questions"]
                ],
                "licence": f"{settings.OPEN_DATA_LICENCE} — {settings.OPEN_DATA_LICENCE_URL}",
            }
        )


def permissions_check_results(user, consultation) -> None:
    if not permissions.can_see_results(user, consultation):
        raise DjangoPermissionDenied(_("Results will be published when this consultation closes."))


class VoteApi(APIView):
    """My stance vote on a consultation: PUT to cast or change, DELETE to withdraw."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="VoteInput")
    class InputSerializer(serializers.Serializer):
        stance = serializers.ChoiceField(choices=StanceVote.Stance.choices)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        consultation = _consultation_or_404(request, pk)
        return Response({"stance": selectors.my_vote(consultation=consultation, user=request.user)})

    @extend_schema(request=InputSerializer, responses={200: OpenApiTypes.OBJECT})
    def put(self, request, pk):
        consultation = _consultation_or_404(request, pk, questions=False)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stance = services.vote_cast(consultation=consultation, user=request.user, stance=data.validated_data["stance"])
        return Response({"stance": stance})

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        consultation = _consultation_or_404(request, pk)
        services.vote_cast(consultation=consultation, user=request.user, stance=None)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResponseApi(APIView):
    """My response to a consultation's questions. PUT replaces it (editable until it closes).
    `answers` maps question id to: an option index (single choice), a list of option indexes
    (multiple choice), 1–5 (rating), {option index: place} (ranking), or text."""

    permission_classes = [IsAuthenticated]

    @extend_schema_serializer(component_name="ResponseInput")
    class InputSerializer(serializers.Serializer):
        answers = serializers.DictField(child=serializers.JSONField())

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        consultation = _consultation_or_404(request, pk)
        answers = selectors.my_answers(consultation=consultation, user=request.user)
        if answers is None:
            raise Http404
        return Response({"answers": answers})

    @extend_schema(request=InputSerializer, responses={200: OpenApiTypes.OBJECT})
    def put(self, request, pk):
        consultation = _consultation_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.response_submit(consultation=consultation, user=request.user, answers=data.validated_data["answers"])
        return Response({"answers": selectors.my_answers(consultation=consultation, user=request.user)})

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        consultation = _consultation_or_404(request, pk)
        services.response_withdraw(consultation=consultation, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
