from django.contrib import admin

from investors.models import Campaign, DataRoomGrant, MatchFund


@admin.register(MatchFund)
class MatchFundAdmin(admin.ModelAdmin):
    """Funds are set up by administrators; their running totals change only through pledges and
    settlement (read-only here)."""

    list_display = ("name", "organisation", "pot_gbp", "committed_gbp", "paid_gbp", "active")
    readonly_fields = ("committed_gbp", "paid_gbp")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("areas",)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "deadline", "target_gbp", "pledged_gbp", "matched_gbp", "outcome")
    readonly_fields = [f.name for f in Campaign._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DataRoomGrant)
class DataRoomGrantAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "user", "level", "expires_on", "granted_at", "revoked_at")
    readonly_fields = [f.name for f in DataRoomGrant._meta.fields]

    def has_add_permission(self, request):
        return False
