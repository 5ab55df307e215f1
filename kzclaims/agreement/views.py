"""The agreement page, its exports and the resolution queue: admins and resolvers only, every
view and partial checking it (a client can request any of them directly)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from kzclaims.models import DoubleReview
from kzclaims.review import answers

from . import selectors, services
from .access import can_resolve, require_admin_or_resolver
from .exports import to_csv, to_json
from .forms import ResolveForm
from .report import agreement_report


@require_GET
def agreement(request):
    require_admin_or_resolver(request)
    return render(request, "agreement/agreement.html", {"report": agreement_report(request.user)})


def _download(body: str, *, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    name = f"agreement-{timezone.now():%Y%m%d-%H%M}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def agreement_csv(request):
    require_admin_or_resolver(request)
    report = agreement_report(request.user)
    return _download(to_csv(report), content_type="text/csv; charset=utf-8", extension="csv")


@require_GET
def agreement_json(request):
    require_admin_or_resolver(request)
    report = agreement_report(request.user)
    return _download(to_json(report), content_type="application/json", extension="json")


@require_GET
@vary_on_headers("HX-Request")
def resolve_queue(request):
    require_admin_or_resolver(request)
    page, items = selectors.resolution_page(request.user, request.GET.get("page"))
    return render(
        request,
        "agreement/resolve.html",
        {"page": page, "items": items, "params": request.GET, "decisions": services.DECISIONS},
    )


def _item_for(request, pk) -> DoubleReview:
    require_admin_or_resolver(request)
    get_object_or_404(DoubleReview.objects.only("pk"), pk=pk)
    item = selectors.resolution_item(pk)
    if not can_resolve(request.user, item.assignment):
        raise PermissionDenied("This disagreement is for its assignment's resolver or an admin.")
    return item


@require_GET
def resolve_item(request, pk):
    """One disagreement as a row of the queue (the partial the row is redrawn from)."""
    item = _item_for(request, pk)
    return render(
        request,
        "agreement/resolve.html#item",
        {"item": item, "decisions": services.DECISIONS},
    )


def _answer(request, pk, *, message, ok, status=200, typed=None, errors=None):
    """The decided row for htmx (or, refused, the form again with what was typed and why);
    without JavaScript a redirect to the queue, or the refused form on a page of its own.
    The claim writes' one protocol with review.js (review.answers)."""
    if answers.wants_redirect(request, typed):
        to = reverse("agreement:resolve")
        return answers.redirect_with(request, level=messages.SUCCESS, message=message, to=to)
    item = selectors.resolution_item(pk)
    template = "agreement/resolve.html#item" if request.htmx else "agreement/decision.html"
    return answers.answer(
        request,
        template,
        {"item": item, "decisions": services.DECISIONS},
        message=message,
        refused=not ok,
        status=status,
        typed=typed,
        errors=errors,
        # The queue's own event: review.js moves on to the next row, as after a tag.
        event="claim-tagged" if ok else None,
        claim=item.claim,
    )


@require_POST
def decide(request, pk):
    _item_for(request, pk)
    typed = {key: request.POST.get(key, "") for key in ("status", "note")}
    form = ResolveForm(request.POST)
    if not form.is_valid():
        errors = {k: " ".join(v) for k, v in form.errors.items()}
        reason = "; ".join(errors.values())
        return _answer(
            request,
            pk,
            message=f"Not resolved: {reason}",
            ok=False,
            status=422,
            typed=typed,
            errors=errors,
        )
    data = form.cleaned_data
    try:
        claim = services.resolve(
            double_review_id=pk,
            user=request.user,
            status=data["status"],
            note=data["note"],
            expected_version=data["version"],
        )
    except services.ReviewError as refusal:
        return _answer(request, pk, message=str(refusal), ok=False, status=409, typed=typed)
    return _answer(request, pk, message=f"Resolved: {claim.get_status_display()}.", ok=True)
