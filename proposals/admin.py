from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from proposals.models import Idea, PlanningProposal, ProposalTheme
from proposals.services import score_refresh


class ProposalThemeInline(admin.TabularInline):
    model = ProposalTheme
    extra = 0


@admin.register(PlanningProposal)
class PlanningProposalAdmin(LeafletGeoAdmin):
    list_display = ["title", "status", "promoter", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProposalThemeInline]
    filter_horizontal = ["areas"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        score_refresh(label="proposals.planningproposal", pk=form.instance.pk)  # effects or place may have changed


@admin.register(Idea)
class IdeaAdmin(LeafletGeoAdmin):
    list_display = ["title", "theme", "status", "area", "created_at"]
    list_filter = ["status", "theme"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "area", "organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.intervention_id:
            score_refresh(label="proposals.idea", pk=obj.pk)
