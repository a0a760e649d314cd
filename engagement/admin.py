from django.contrib import admin

from engagement.models import Comment, Flag, Follow


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["pk", "content_type", "object_id", "author", "created_at", "deleted_at", "hidden_at"]
    list_filter = ["content_type", "deleted_at", "hidden_at"]
    search_fields = ["body"]
    raw_id_fields = ["author", "parent"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["pk", "content_type", "object_id", "reason", "reporter", "created_at", "reviewed_at"]
    list_filter = ["reason", "reviewed_at"]
    raw_id_fields = ["reporter"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "content_type", "object_id", "created_at"]
    raw_id_fields = ["user"]
