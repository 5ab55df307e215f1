"""The team review models in the Django admin. Assignments are made and changed on the team
pages (bulk inserts, history): here they are read. History rows (assignment events, blind
reviews) are read-only, like review events; nothing of a person's is deleted from here."""

from django.contrib import admin

from kzclaims.models import AssignedClaim, Assignment, AssignmentEvent, BlindReview, DoubleReview


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "reviews_required", "resolver", "created_by", "created_at"]
    list_filter = ["reviews_required"]
    list_select_related = ["resolver", "created_by"]
    search_fields = ["title", "source_query"]
    date_hierarchy = "created_at"


@admin.register(AssignedClaim)
class AssignedClaimAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "claim_id", "editor", "assigned_at", "done_at"]
    list_select_related = ["assignment", "editor"]
    list_filter = [("done_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["claim"]
    # The claim's own string is its content: the id is enough in a list of thousands.
    show_full_result_count = False


@admin.register(AssignmentEvent)
class AssignmentEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "assignment", "action", "user", "editor", "to_editor",
                    "claim_count"]  # fmt: skip
    list_filter = ["action"]
    list_select_related = ["assignment", "user", "editor", "to_editor"]
    date_hierarchy = "created_at"


@admin.register(BlindReview)
class BlindReviewAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "assignment", "claim_id", "editor", "status"]
    list_filter = ["status"]
    list_select_related = ["assignment", "editor"]
    raw_id_fields = ["claim"]
    show_full_result_count = False


@admin.register(DoubleReview)
class DoubleReviewAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "claim_id", "state", "resolved_by", "resolved_at", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["assignment", "resolved_by"]
    raw_id_fields = ["claim"]
    show_full_result_count = False
