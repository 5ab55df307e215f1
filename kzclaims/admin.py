from django.contrib import admin, messages
from django.urls import path

from kzclaims.imports import views as import_views
from kzclaims.imports.services import retry_extraction
from kzclaims.models import (
    Article,
    Claim,
    Figure,
    ImportBatch,
    Outlet,
    ReviewEvent,
    Speaker,
    SpeakerAlias,
)

admin.site.site_header = "kzclaims administration"
admin.site.site_title = "kzclaims"


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "ownership", "language"]
    list_filter = ["ownership", "country", "language"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["source", "created_by", "created_at"]
    readonly_fields = ["source", "created_by", "created_at"]
    date_hierarchy = "created_at"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "extraction_status", "extracted_at"]
    list_filter = ["outlet", "extraction_status", "language"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "imported_at", "extracted_at", "extraction_error"]
    raw_id_fields = ["import_batch"]
    actions = ["retry_extraction"]
    # The import page's button and the extraction progress above the list.
    change_list_template = "admin/kzclaims/article/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="kzclaims_article_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        return import_views.import_page(request, model_admin=self)

    def has_import_permission(self, request):
        return import_views.can_import(request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            **import_views.progress_context(request, None),
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(permissions=["import"], description="Retry extraction of selected articles")
    def retry_extraction(self, request, queryset):
        """Failed, pending or done alike (extraction is idempotent); running ones are left to
        finish."""
        ids = queryset.values_list("pk", flat=True)
        count = retry_extraction(article_ids=ids, only_failed=False)
        self.message_user(
            request,
            f"Extraction enqueued for {count} article(s).",
            messages.SUCCESS if count else messages.WARNING,
        )


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1
    fields = ["alias"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "speaker_type", "affiliation"]
    list_filter = ["speaker_type", "kind"]
    search_fields = ["name", "aliases__alias", "affiliation"]
    inlines = [SpeakerAliasInline]


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0


class ReviewEventInline(admin.TabularInline):
    """History is append-only: shown, never edited here (the review service writes it)."""

    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "user", "from_status", "to_status", "note", "evidence_url"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "speaker", "cue", "status", "article"]
    list_filter = ["status", "kind", "cue_stance", "speaker__speaker_type", "article__outlet"]
    list_select_related = ["speaker", "article"]
    search_fields = ["content", "speaker_mention", "speaker__name", "cue"]
    raw_id_fields = ["article", "speaker", "reviewed_by"]
    # Status changes go through the review screens, which keep the history and the version.
    readonly_fields = ["status", "note", "evidence_url", "reviewed_by", "reviewed_at", "version"]
    inlines = [FigureInline, ReviewEventInline]


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "claim", "user", "from_status", "to_status"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["claim", "user"]
    search_fields = ["claim__content", "note", "user__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
