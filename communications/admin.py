from django.contrib import admin

from communications.models import FaqCategory, FaqEntry


@admin.register(FaqCategory)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "position"]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question_fr", "category", "position", "is_published"]
    list_filter = ["category", "is_published"]
    search_fields = ["question_fr", "question_en"]
