"""The review screens. Plain function views: every page works as a normal page and form without
JavaScript; with htmx the same views answer with the fragment that changed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from kzclaims.models import Article, Claim, Speaker
from kzclaims.team import selectors as team_selectors
from kzclaims.team import services as team_services

from . import answers, history, selectors, services
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


def _blind(request, claims):
    """Each claim as this user may see it under a double-blind review (kzclaims.team)."""
    return team_selectors.attach_blind(request.user, claims)


def _is_fragment_request(request, target):
    return (
        request.htmx
        and not request.htmx.history_restore_request
        and not request.htmx.boosted
        and request.htmx.target == target
    )


def _queue_context(request, params, query, **extra):
    """What the queue page and its results fragment show for a query string."""
    newest = selectors.newest_claim_id()  # before the list: a claim stored meanwhile is new
    form, page, claims = selectors.queue_page(params, params.get("page"), user=request.user)
    claims = _blind(request, claims)
    return {
        "form": form,
        "page": page,
        "claims": claims,
        "can_tag": _can_tag(request.user),
        "statuses": Claim.Status.choices,
        "next": f"{reverse('review:queue')}?{query}" if query else reverse("review:queue"),
        "query": query,
        "params": params,
        "newest": newest,
        # What a row shows after a write (_after_write), blank on a list: set here, as a name
        # missing from the context costs each of the 50 rows a failed lookup (four exceptions).
        "message": "",
        "typed": None,
        "errors": None,
        "reapply": None,
        **extra,
    }


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def queue(request):
    # An editor with assigned work starts in "My queue"; any query string (the "All claims"
    # link is `?assigned=`) is the queue as asked.
    if not request.GET and team_selectors.notice_for(request).awaiting:
        return redirect(f"{reverse('review:queue')}?assigned=me")
    context = _queue_context(request, request.GET, request.GET.urlencode())
    if _is_fragment_request(request, "results"):
        return render(request, "review/queue.html#results", context)
    return render(request, "review/queue.html", context)


# A claim id: what `since` may be (the primary key is a 64-bit integer on PostgreSQL).
_SINCE_MAX = 2**63 - 1


@require_GET
def new_claims(request):
    """The open queue's poll: how many claims its filters select that are newer than the newest
    claim when it was drawn (`since`), with a link to see them."""
    since = request.GET.get("since", "")
    if not (since.isascii() and since.isdigit() and int(since) <= _SINCE_MAX):
        return HttpResponseBadRequest("since: a claim id (a whole number) is required.")
    count = selectors.new_claims_count(request.GET, int(since), user=request.user)
    params = request.GET.copy()
    for key in ("since", "page"):
        params.pop(key, None)
    show = reverse("review:queue") + (f"?{params.urlencode()}" if params else "")
    return render(request, "review/_new_claims.html", {"count": count, "show_url": show})


@require_GET
def claim(request, pk):
    try:
        claim = selectors.claim_detail(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    _blind(request, [claim])
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
    _blind(request, [claim])
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
    _blind(request, [claim])
    context = {"claim": claim, "can_tag": _can_tag(request.user), "next": _safe_next(request, "/")}
    return render(request, "review/queue.html#row", context)


def _after_write(
    request, pk, *, message, level, status=200, event=None, typed=None, errors=None, matches=None
):
    """Answers a review write (review.answers): the changed row (or side panel) for htmx, else
    a redirect. A refused write (`typed` set) redraws the form with what the editor typed, the
    reason beside the field (`errors`) and, after a conflict, a key to re-apply their change.
    `matches` (when the page sent its filters) tells the page whether the claim still belongs
    in the list it shows."""
    if answers.wants_redirect(request, typed):
        to = _safe_next(request, Claim(pk=pk).get_absolute_url())
        return answers.redirect_with(request, level=level, message=message, to=to)
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
    _blind(request, [claim])
    context = {
        "claim": claim,
        "can_tag": True,
        "next": _safe_next(request, "/"),
        "in_panel": place == "panel",
    }
    if typed is not None and status == 409:
        attempted = typed.get("status", "")
        context["reapply"] = {
            "status": attempted,
            "label": Claim.Status(attempted).label if attempted in Claim.Status.values else "",
        }
    return answers.answer(
        request,
        template,
        context,
        message=message,
        refused=level == messages.ERROR,
        status=status,
        typed=typed,
        errors=errors,
        event=event,
        claim=claim,
        detail={"matches": matches} if matches is not None else None,
    )


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
    if team_selectors.reviewing_claim_ids(request.user, [pk]):
        return _blind_tag(request, pk, data)
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
        return _refused(request, pk, str(conflict), status=409)
    except services.NothingChanged as refusal:
        return _refused(request, pk, str(refusal), status=422)
    return _done(request, pk, done, data)


def _done(request, pk, message, data):
    """A tag or note written (to the claim or as a blind review): the row again, the event the
    page moves on with, and whether the claim still belongs in the list the page shows."""
    return _after_write(
        request,
        pk,
        message=message,
        level=messages.SUCCESS,
        event="claim-tagged" if data["status"] else "claim-noted",
        matches=_still_matches(request, pk),
    )


def _refused(request, pk, message, *, status):
    """A refused write: the form again, with what the editor typed and why."""
    return _after_write(
        request, pk, message=message, level=messages.ERROR, status=status, typed=_typed(request)
    )


def _still_matches(request, pk):
    """The queue sends the query string it shows: does the claim still belong in it?"""
    filters = request.POST.get("filters")
    return selectors.still_matches(pk, filters, request.user) if filters is not None else None


def _blind_tag(request, pk, data):
    """The tag buttons of a reviewer of a double-blind claim write their blind review (the
    claim's status changes only when the two reviews agree or a resolver decides)."""
    try:
        result = team_services.blind_tag(
            claim_id=pk,
            user=request.user,
            status=data["status"],
            note=data["note"],
            evidence_url=data["evidence_url"],
        )
    except services.ReviewError as refusal:
        return _refused(request, pk, str(refusal), status=422)
    return _done(request, pk, result.message, data)


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
        versions = form.cleaned_data["claims"]
        # The selected claims this editor reviews blind get a blind review, the rest a tag.
        blind = team_selectors.reviewing_claim_ids(request.user, versions)
        result = services.bulk_tag(
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            versions={pk: v for pk, v in versions.items() if pk not in blind},
        )
        label = Claim.Status(form.cleaned_data["status"]).label
        message = f"Tagged {len(result.tagged)} claim(s) {label}."
        level = messages.SUCCESS
        refused = []
        if blind:
            saved = 0
            for pk in sorted(blind):
                try:
                    team_services.blind_tag(
                        claim_id=pk,
                        user=request.user,
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"],
                    )
                    saved += 1
                except services.ReviewError as refusal:
                    refused.append(f"claim {pk}: {refusal}")
            message += f" Blind reviews saved: {saved}."
        if result.conflicts or refused:
            level = messages.WARNING
            message += " Not changed: " + " ".join(
                [f"claim {c.claim.pk}: {c}" for c in result.conflicts] + refused
            )
    else:
        message, level = "Select claims and a status first.", messages.ERROR
    if not request.htmx:  # back to the list the form was on: the queue or a speaker's page
        messages.add_message(request, level, message)
        return redirect(_safe_next(request, f"{reverse('review:queue')}?{query}"))
    context = _queue_context(
        request,
        QueryDict(query),
        query,
        bulk_message=message,
        bulk_level="error" if level == messages.ERROR else "info",
    )
    return render(request, "review/queue.html#results", context)


@require_GET
def article(request, pk):
    try:
        article, claims, body_html = selectors.article_reader(pk, request.user)
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
    claims = _blind(request, claims)
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
            "statuses": Claim.Status.choices,
            "next": request.get_full_path(),
        },
    )
