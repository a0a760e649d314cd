"""Public comments over the API: read by anyone, written by signed-in people (same rules as the site)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from engagement import registry, services
from engagement.models import Comment


class TargetField(serializers.CharField):
    """ "app_label.model:id", e.g. "proposals.idea:12"."""

    default_error_messages = {
        "invalid_target": _("Give the item as app_label.model:id of something people can discuss.")
    }

    def to_internal_value(self, data):
        raw = super().to_internal_value(data)
        label, _sep, object_id = raw.rpartition(":")
        if not label or not object_id.isdigit():
            self.fail("invalid_target")
        try:
            return registry.resolve_target(label, int(object_id))
        except registry.NotEngageable:
            self.fail("invalid_target")


class CommentPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class CommentListApi(generics.ListCreateAPIView):
    """Comments on one item, oldest first; removed comments appear without their text."""

    class FilterSerializer(serializers.Serializer):
        target = TargetField(help_text="app_label.model:id")

    class InputSerializer(serializers.Serializer):
        target = TargetField(help_text="app_label.model:id")
        body = serializers.CharField(max_length=Comment.MAX_LENGTH)
        parent = serializers.IntegerField(required=False, allow_null=True)

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
