from django.contrib import admin

from members.models import Affiliation, Contact, Invitation, Organization
from members.services.directory import organization_search_refresh


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["contact"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lifecycle", "city"]
    list_filter = ["kind", "lifecycle"]
    search_fields = ["name", "siren", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AffiliationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The cached directory pages go stale with the edit (PostgreSQL keeps the search
        # document itself; SQLite needs this refresh for it too).
        organization_search_refresh(organization=form.instance)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "access", "created_at", "sent_at", "accepted_at"]
    search_fields = ["email", "organization__name"]
    raw_id_fields = ["organization", "invited_by"]
