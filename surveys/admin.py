from django.contrib import admin

from surveys.models import Question, Section, Survey


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    fk_name = "survey"
    extra = 0
    fields = ["position", "section", "kind", "text_fr", "text_en", "required"]
    # Answers and conditions depend on the kind; the builder checks those before a change.
    # Read-only, it could not be set on a new row: questions are added in the builder.
    readonly_fields = ["kind"]

    def has_add_permission(self, request, obj=None):
        return False


# Superusers' view of the surveys; staff build them in the back-office. Responses and
# invitations are left out on purpose: side by side they are what anonymity keeps apart.
@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "status", "audience", "is_anonymous", "opens_at", "closes_at"]
    list_filter = ["status", "audience", "is_anonymous", "is_annual"]
    search_fields = ["title_fr", "title_en", "slug"]
    raw_id_fields = ["previous_edition", "event", "working_group", "created_by"]
    inlines = [SectionInline, QuestionInline]
