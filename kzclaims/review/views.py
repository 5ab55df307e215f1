"""The review screens. Plain function views: every page works as a normal page and form without
JavaScript; with htmx the same views answer with the fragment that changed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from kzclaims.models import Article, Claim, Speaker

from . import history, selectors, services
from .forms import BulkTagForm, TagForm, UndoForm

TAG_PERMISSION = "kzclaims.tag_claim"


def _can_tag(user):
    return user.has_perm(TAG_PERMISSION)


def _require_tagger(request):
    if not _can_tag(request.user):
        raise PermissionDenied("Only editors may tag claims.")


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: anything else ("²", a view name) is not a place to go back to.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _is_fragment_request(request, target):
    return (
        request.htmx
        and not request.htmx.history_restore_request
        and not request.htmx.boosted
        and request.htmx.target == target
    )


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def queue(request):
    form, page, claims = selectors.queue_page(request.GET, request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "claims": claims,
        "can_tag": _can_tag(request.user),
        "statuses": Claim.Status.choices,
        "next": request.get_full_path(),
        "query": request.GET.urlencode(),
        "params": request.GET,
    }
    if _is_fragment_request(request, "results"):
        return render(request, "review/queue.html#results", context)
    return render(request, "review/queue.html", context)


@require_GET
def claim(request, pk):
    try:
        claim = selectors.claim_detail(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    return render(
        request,
        "review/claim.html",
        {"claim": claim, "can_tag": _can_tag(request.user), "next": request.get_full_path()},
    )


@require_GET
def claim_panel(request, pk):
    """The claim in the article reader's side panel (or as a page without JavaScript)."""
    try:
        claim = selectors.claim_detail(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    context = {
        "claim": claim,
        "can_tag": _can_tag(request.user),
        "next": claim.get_absolute_url(),
        "in_panel": bool(request.htmx),
    }
    if request.htmx:
        return render(request, "review/claim.html#panel", context)
    return render(request, "review/claim.html", context)


@require_GET
def claim_row(request, pk):
    try:
        claim = selectors.claim_for_row(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    context = {"claim": claim, "can_tag": _can_tag(request.user), "next": _safe_next(request, "/")}
    return render(request, "review/queue.html#row", context)


def _after_write(request, pk, *, message, level, status=200, event=None, typed=None, errors=None):
    """Answers a review write: the changed row (or side panel) for htmx, else a redirect.
    A refused write (`typed` set) redraws the form with what the editor typed, the reason
    beside the field (`errors`) and, after a conflict, a key to re-apply their change."""
    if not request.htmx and typed is None:
        messages.add_message(request, level, message)
        return redirect(_safe_next(request, Claim(pk=pk).get_absolute_url()))
    place = request.POST.get("place", "row") if request.htmx else "page"
    if place == "page":  # without JavaScript: the claim page, with the form as it was sent
        claim = selectors.claim_detail(pk)
        template = "review/claim.html"
    elif place == "panel":
        claim = selectors.claim_detail(pk)
        template = "review/claim.html#panel"
    else:
        claim = selectors.claim_for_row(pk)
        template = "review/queue.html#row"
    context = {
        "claim": claim,
        "can_tag": True,
        "next": _safe_next(request, "/"),
        "message": message,
        "conflict": level == messages.ERROR,
        "in_panel": place == "panel",
        "typed": typed,
        "errors": errors or {},
    }
    if typed is not None and status == 409:
        attempted = typed.get("status", "")
        context["reapply"] = {
            "status": attempted,
            "label": Claim.Status(attempted).label if attempted in Claim.Status.values else "",
        }
    response = render(request, template, context, status=status)
    if typed is not None:
        response["X-Kz-Refused"] = "form"  # review.js swaps a refused form in, even a 403
    if event is not None:
        trigger_client_event(
            response,
            event,
            {"id": claim.pk, "status": claim.status, "label": claim.get_status_display()},
            after="swap",
        )
    return response


def _typed(request):
    """What the editor sent, exactly as typed, to be put back into the form after a refusal."""
    return {key: request.POST.get(key, "") for key in ("status", "note", "evidence_url")}


@require_POST
def tag(request, pk):
    if not _can_tag(request.user):
        get_object_or_404(Claim.objects.only("pk"), pk=pk)
        if not request.htmx:
            raise PermissionDenied("Only editors may tag claims.")
        return _after_write(
            request,
            pk,
            message="Not saved: your account may not tag claims (any more). "
            "Your text is kept below; copy it before you leave.",
            level=messages.ERROR,
            status=403,
            typed=_typed(request),
        )
    # An editor's write reads the claim anyway: a missing one is a 404 from there, without a
    # query of its own first (a tag request is the one the desk repeats all day).
    try:
        return _tag(request, pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None


def _tag(request, pk):
    form = TagForm(request.POST)
    if not form.is_valid():
        errors = {k: " ".join(v) for k, v in form.errors.items()}
        where = {"note", "evidence_url"}
        reason = "; ".join(v if k in where else f"{k}: {v}" for k, v in errors.items())
        return _after_write(
            request,
            pk,
            message=f"Not saved: {reason}",
            level=messages.ERROR,
            status=422,
            typed=_typed(request),
            errors=errors,
        )
    data = form.cleaned_data
    try:
        if data["status"]:
            claim = services.tag_claim(
                claim_id=pk,
                user=request.user,
                status=data["status"],
                note=data["note"],
                evidence_url=data["evidence_url"],
                expected_version=data["version"],
            )
            done = f"Tagged {claim.get_status_display()}."
        else:
            claim = services.annotate_claim(
                claim_id=pk,
                user=request.user,
                note=data["note"],
                evidence_url=data["evidence_url"],
                expected_version=data["version"],
            )
            done = "Note saved; the status is unchanged."
    except services.StaleClaim as conflict:
        return _after_write(
            request,
            pk,
            message=str(conflict),
            level=messages.ERROR,
            status=409,
            typed=_typed(request),
        )
    except services.NothingChanged as refusal:
        return _after_write(
            request,
            pk,
            message=str(refusal),
            level=messages.ERROR,
            status=422,
            typed=_typed(request),
        )
    return _after_write(
        request,
        pk,
        message=done,
        level=messages.SUCCESS,
        event="claim-tagged" if data["status"] else "claim-noted",
    )


@require_POST
def undo(request, pk):
    _require_tagger(request)
    get_object_or_404(Claim.objects.only("pk"), pk=pk)
    form = UndoForm(request.POST)
    if not form.is_valid():
        return _after_write(
            request,
            pk,
            message="Not undone: the version is missing.",
            level=messages.ERROR,
            status=422,
        )
    try:
        claim = history.undo_claim(
            claim_id=pk, user=request.user, expected_version=form.cleaned_data["version"]
        )
    except services.StaleClaim as conflict:
        return _after_write(request, pk, message=str(conflict), level=messages.ERROR, status=409)
    except services.NothingToUndo as refusal:
        return _after_write(request, pk, message=str(refusal), level=messages.ERROR, status=409)
    return _after_write(
        request,
        pk,
        message=f"Undone: back to {claim.get_status_display()}.",
        level=messages.SUCCESS,
        event="claim-undone",
    )


def _history_step(request, walk):
    """`u` and `U`: one step back or forward through the editor's own changes. With htmx the
    answer is an event naming the changed claims, whose rows and panel the page then reloads."""
    _require_tagger(request)
    try:
        step = walk(request.user)
    except services.NothingToUndo as refusal:
        message, ids, level = str(refusal), [], messages.INFO
    else:
        message, ids, level = step.message, [c.pk for c in step.claims], messages.SUCCESS
    if not request.htmx:
        messages.add_message(request, level, message)
        return redirect(_safe_next(request, reverse("review:queue")))
    response = HttpResponse(status=204)
    trigger_client_event(response, "history-walked", {"ids": ids, "message": message})
    return response


@require_POST
def undo_step(request):
    return _history_step(request, history.undo)


@require_POST
def redo_step(request):
    return _history_step(request, history.redo)


@require_POST
def bulk_tag(request):
    _require_tagger(request)
    query = request.POST.get("query", "")
    form = BulkTagForm(request.POST)
    if form.is_valid():
        result = services.bulk_tag(
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            versions=form.cleaned_data["claims"],
        )
        label = Claim.Status(form.cleaned_data["status"]).label
        message = f"Tagged {len(result.tagged)} claim(s) {label}."
        level = messages.SUCCESS
        if result.conflicts:
            level = messages.WARNING
            message += " Not changed: " + " ".join(
                f"claim {c.claim.pk}: {c}" for c in result.conflicts
            )
    else:
        message, level = "Select claims and a status first.", messages.ERROR
    if not request.htmx:
        messages.add_message(request, level, message)
        return redirect(f"{reverse('review:queue')}?{query}")
    params = QueryDict(query)
    form_, page, claims = selectors.queue_page(params, params.get("page"))
    context = {
        "form": form_,
        "page": page,
        "claims": claims,
        "can_tag": True,
        "statuses": Claim.Status.choices,
        "next": f"/?{query}",
        "query": query,
        "params": params,
        "bulk_message": message,
        "bulk_level": "error" if level == messages.ERROR else "info",
    }
    return render(request, "review/queue.html#results", context)


@require_GET
def article(request, pk):
    try:
        article, claims, body_html = selectors.article_reader(pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    return render(
        request,
        "review/article.html",
        {
            "article": article,
            "claims": claims,
            "body_html": body_html,
            "can_tag": _can_tag(request.user),
            "next": request.get_full_path(),
        },
    )


@require_GET
def speaker(request, pk):
    try:
        speaker, page, claims, by_outlet = selectors.speaker_page(pk, request.GET.get("page"))
    except Speaker.DoesNotExist:
        raise Http404("No such speaker.") from None
    return render(
        request,
        "review/speaker.html",
        {
            "speaker": speaker,
            "page": page,
            "params": request.GET,
            "claims": claims,
            "by_outlet": by_outlet,
            "can_tag": _can_tag(request.user),
            "next": request.get_full_path(),
        },
    )
