"""Assignment pages: assign the claims of a queue filter (or an article), the assignments with
their progress, one assignment's progress per editor with its history and reassignment, and an
editor's own progress. Every view checks its permission itself (any URL can be requested)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kzclaims.claim_filters import claims_from_query
from kzclaims.models import Assignment

from . import selectors, services
from .forms import AssignForm, ReassignForm


def _require_admin(request):
    if not selectors.can_assign(request.user):
        raise PermissionDenied("Only admins may assign work.")


def _selection(query: str, user):
    """The queue's claims for a query string: (filter form, claims)."""
    return claims_from_query(QueryDict(query), user)


@require_http_methods(["GET", "POST"])
def assign(request):
    _require_admin(request)
    if request.method == "POST":
        form = AssignForm(request.POST)
        query = request.POST.get("query", "")
    else:
        query = request.GET.urlencode()
        form = AssignForm(initial={"query": query})
    filters, claims = _selection(query, request.user)
    problem = ""
    if filters.errors:
        problem = "The queue filters are not valid: " + "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filters.errors.items()
        )
    if request.method == "POST" and form.is_valid() and not problem:
        data = form.cleaned_data
        try:
            assignment = services.create_assignment(
                user=request.user,
                title=data["title"],
                editors=list(data["editors"]),
                reviews_required=data["reviews_required"],
                resolver=data["resolver"],
                claim_ids=claims.values_list("pk", flat=True),
                source_query=query,
            )
        except services.AssignmentError as refusal:
            problem = str(refusal)
        else:
            messages.success(
                request, f"Assigned {assignment.claim_count} claims: “{assignment.title}”."
            )
            return redirect("team:assignment", pk=assignment.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "team/assign.html",
        {
            "form": form,
            "count": claims.count() if not filters.errors else 0,
            "query": query,
            "problem": problem,
        },
        status=status,
    )


@require_GET
def assignments(request):
    _require_admin(request)
    page, items = selectors.assignments_page(request.GET.get("page"))
    return render(
        request,
        "team/assignments.html",
        {"page": page, "assignments": items, "params": request.GET},
    )


def _assignment_page(request, assignment, reassign_form, status=200):
    progress, states, history = selectors.assignment_progress(assignment)
    return render(
        request,
        "team/assignment.html",
        {
            "assignment": assignment,
            "progress": progress,
            "states": states,
            "history": history,
            "reassign_form": reassign_form,
            "can_assign": selectors.can_assign(request.user),
        },
        status=status,
    )


@require_GET
def assignment(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("resolver", "created_by"), pk=pk
    )
    if not selectors.can_see_assignment(request.user, assignment):
        raise PermissionDenied("Only admins and the assignment's resolver see its progress.")
    return _assignment_page(request, assignment, ReassignForm())


@require_POST
def reassign(request, pk):
    _require_admin(request)
    assignment = get_object_or_404(Assignment, pk=pk)
    form = ReassignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.reassign(
                assignment=assignment,
                user=request.user,
                from_editor=data["from_editor"],
                to_editor=data["to_editor"],
            )
        except services.AssignmentError as refusal:
            form.add_error(None, str(refusal))
        else:
            message = (
                f"Moved {result.moved} remaining claims from "
                f"{data['from_editor'].get_username()} to {data['to_editor'].get_username()}."
            )
            if result.kept:
                message += (
                    f" {result.kept} stayed: {data['to_editor'].get_username()} already "
                    "reviews them blind."
                )
            messages.success(request, message)
            return redirect(reverse("team:assignment", args=[pk]))
    return _assignment_page(request, assignment, form, status=422)


@require_GET
def editor(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    if not (selectors.can_assign(request.user) or request.user.pk == user.pk):
        raise PermissionDenied("Only admins and the editor see an editor's progress.")
    return render(
        request,
        "team/editor.html",
        {"editor": user, "assignments": selectors.editor_progress(user)},
    )
