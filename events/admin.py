from django.contrib import admin

from events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "kind", "starts_at", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title_fr", "title_en"]
    prepopulated_fields = {"slug": ["title_fr"]}
