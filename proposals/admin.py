from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from proposals.models import Idea, PlanningProposal, ProposalTheme


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


@admin.register(Idea)
class IdeaAdmin(LeafletGeoAdmin):
    list_display = ["title", "theme", "status", "area", "created_at"]
    list_filter = ["status", "theme"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "area", "organisation"]
