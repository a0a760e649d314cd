from django import forms
from django.contrib import admin, messages
from django.contrib.gis.admin import GISModelAdmin
from django.utils.translation import gettext_lazy as _

from gamification import services
from gamification.models import (
    Badge,
    BadgeAward,
    LedgerEntry,
    Open311Endpoint,
    Open311Send,
    PartnerKey,
    PartnerWrite,
    PointRule,
    Questionnaire,
    Report,
    ReportPhoto,
    ReportUpdate,
    ResponseTemplate,
    Service,
    ServiceAttribute,
)


class ServiceAttributeInline(admin.TabularInline):
    model = ServiceAttribute
    extra = 0
    fields = ["order", "code", "description", "datatype", "required", "variable", "datatype_description", "values"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "public", "active", "type", "endpoint"]
    list_filter = ["group", "public", "active", "endpoint"]
    search_fields = ["name", "code", "keywords"]
    inlines = [ServiceAttributeInline]


class ReportUpdateInline(admin.TabularInline):
    model = ReportUpdate
    extra = 0
    readonly_fields = ["status", "public_note", "internal_note", "by", "created_at"]
    can_delete = False


@admin.register(Report)
class ReportAdmin(GISModelAdmin):
    list_display = ["pk", "service", "status", "area", "created_at"]
    list_filter = ["status", "service"]
    search_fields = ["description", "address"]
    raw_id_fields = ["reporter", "area", "partner_key", "assigned_to", "duplicate_of"]
    readonly_fields = ["token", "created_at", "updated_at", "closed_at"]
    inlines = [ReportUpdateInline]


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "active", "order"]
    list_filter = ["status", "active"]
    search_fields = ["title", "text"]


@admin.register(ReportPhoto)
class ReportPhotoAdmin(admin.ModelAdmin):
    list_display = ["pk", "report", "alt_text", "width", "height", "uploaded_at"]
    raw_id_fields = ["report", "added_by"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["report", "person", "asked_at", "answer", "answered_at"]
    list_filter = ["answer"]
    raw_id_fields = ["report", "person"]
    readonly_fields = ["asked_at", "answered_at"]


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    """Issuing a key shows it once, here; only its digest is kept. Revoke by setting `revoked`."""

    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, secret = services.partner_key_issue(name=obj.name, by=request.user)
        obj.pk, obj.prefix, obj.digest, obj.created_at = key.pk, key.prefix, key.digest, key.created_at
        messages.warning(request, _("The new key (shown only now, copy it): %(key)s") % {"key": secret})

    @admin.action(description=_("Revoke the chosen keys"))
    def revoke(self, request, queryset):
        for key in queryset:
            services.partner_key_revoke(key=key, by=request.user)


@admin.register(PartnerWrite)
class PartnerWriteAdmin(admin.ModelAdmin):
    list_display = ["created_at", "key", "action", "report", "remote_addr"]
    list_filter = ["action"]
    readonly_fields = ["key", "report", "action", "remote_addr", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "points", "daily_cap", "active"]
    list_editable = ["points", "daily_cap", "active"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False  # rules are the code's (points.DEFAULT_RULES); their values are the council's


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Append-only: read here; points are taken back with gamification.points.take_back."""

    list_display = ["created_at", "person", "rule", "points", "object_type", "object_id", "reason"]
    list_filter = ["rule"]
    raw_id_fields = ["person", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EndpointForm(forms.ModelForm):
    class Meta:
        model = Open311Endpoint
        fields = ["name", "base_url", "api_key", "jurisdiction_id", "format", "fallback_email", "status_map", "active"]
        widgets = {"api_key": forms.PasswordInput(render_value=True)}


@admin.register(Open311Endpoint)
class Open311EndpointAdmin(admin.ModelAdmin):
    """Councils' Open311 servers; route a category to one on the category's page."""

    form = EndpointForm
    list_display = ["name", "base_url", "format", "active", "last_pulled_at"]
    readonly_fields = ["last_pulled_at"]


@admin.register(Open311Send)
class Open311SendAdmin(admin.ModelAdmin):
    list_display = ["report", "endpoint", "state", "attempts", "external_id", "token", "sent_at", "last_error"]
    list_filter = ["state", "endpoint"]
    readonly_fields = [f.name for f in Open311Send._meta.fields]
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try sending again now"))
    def try_again(self, request, queryset):
        queryset.filter(state=Open311Send.State.RETRYING).update(next_attempt_at=None)


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["name", "measure", "thresholds", "active", "order"]
    list_editable = ["active", "order"]


@admin.register(BadgeAward)
class BadgeAwardAdmin(admin.ModelAdmin):
    list_display = ["awarded_at", "person", "badge", "level", "revoked_at"]
    list_filter = ["badge"]
    raw_id_fields = ["person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
