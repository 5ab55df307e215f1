from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.formats import date_format

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
    content_hash,
    normalize_alias,
)
from kzclaims.preferences.selectors import zone_preference_for_request
from kzclaims.tasks import enqueue_extraction
from kzclaims.text import normalize_body, text_problem
from kzclaims.timezones import in_zone, shown_zone

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


class ArticleForm(forms.ModelForm):
    """The body as every other entry stores it (browsers submit a textarea with CRLF line
    endings, which would shift every claim's offsets), and never the text of another article."""

    class Meta:
        model = Article
        fields = ["outlet", "title", "published", "url", "body", "language", "import_batch"]

    def clean_body(self):
        body = normalize_body(self.cleaned_data["body"])
        if problem := text_problem(body):
            raise forms.ValidationError(f"The text {problem}.")
        if not body.strip():
            raise forms.ValidationError("The text is empty.")
        same = Article.objects.filter(content_hash=content_hash(body)).exclude(pk=self.instance.pk)
        if other := same.first():
            raise forms.ValidationError(f"Article {other.pk} “{other}” already has this text.")
        return body

    def clean_title(self):
        title = self.cleaned_data["title"]
        if problem := text_problem(title):
            raise forms.ValidationError(f"The title {problem}.")
        return title


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
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

    def get_list_display(self, request):
        """The publication time in the zone the admin reads dates in (the article's own by
        default), as on every other page."""
        preference = zone_preference_for_request(request)

        @admin.display(description="published", ordering="published")
        def published(article):
            if article.published is None:
                return "-"
            zone = shown_zone(article.published_zone, preference.mode, preference.zone)
            local = in_zone(article.published, zone)
            return f"{date_format(local, 'j M Y, H:i')} ({zone or 'UTC'})"

        return [published if name == "published" else name for name in self.list_display]

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

    def save_model(self, request, obj, form, change):
        """A new text is extracted again (in the same transaction as the save, see
        enqueue_extraction); the editors' claims are kept (extraction.store)."""
        before = Article.objects.filter(pk=obj.pk).values_list("body", flat=True).first()
        super().save_model(request, obj, form, change)
        if before != obj.body:
            enqueue_extraction([obj.pk])
            self.message_user(request, "The text changed: its claims are being extracted again.")

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


class SpeakerAliasForm(forms.ModelForm):
    class Meta:
        model = SpeakerAlias
        fields = ["alias"]

    def clean_alias(self):
        alias = self.cleaned_data["alias"]
        taken = SpeakerAlias.objects.filter(normalized=normalize_alias(alias))
        if other := taken.exclude(pk=self.instance.pk).select_related("speaker").first():
            raise forms.ValidationError(f"“{other.alias}” already names {other.speaker}.")
        return alias


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    form = SpeakerAliasForm
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


admin.site.unregister(User)


@admin.register(User)
class KzUserAdmin(UserAdmin):
    """Managing users without handing out more than one has: only a superuser makes superusers,
    grants single permissions, or changes a superuser's account (its password included)."""

    ESCALATING = ("is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [name for name in self.ESCALATING if name not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and user.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


from kzclaims.team import admin as team_admin  # noqa: E402, F401 - registers the team models
