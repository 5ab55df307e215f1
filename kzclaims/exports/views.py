"""Downloads of the claims the queue's filters select: the same query string as the queue, read
by the same `claims_from_query`, so an export always holds exactly what the queue shows. Every
signed-in role (viewer, editor, admin) may export; the login middleware guards these views."""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kzclaims.claim_filters import claims_from_query
from kzclaims.exports.claimreview import claimreview_chunks
from kzclaims.exports.csv import csv_lines
from kzclaims.exports.factcheck import factcheck_lines
from kzclaims.exports.fields import Export
from kzclaims.exports.jsonl import article_lines, jsonl_lines, selected_articles
from kzclaims.team.selectors import hidden_review_ids, without_hidden_reviews

TRUE_VALUES = {"1", "true", "yes", "on"}


def _download(chunks, *, content_type, extension, stem="claims"):
    filename = f"{stem}-{timezone.now():%Y%m%d-%H%M}.{extension}"
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _export(request):
    """The blind rule (kzclaims.team): a reviewer still due to review a claim blind sees no
    one's review of it, in a file either."""
    return Export(hidden_reviews=hidden_review_ids(request.user))


def _bad_query(form):
    lines = [f"{field}: {error}" for field, errors in form.errors.items() for error in errors]
    return HttpResponse(
        "The filters are not valid:\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def claims_csv(request):
    form, claims = claims_from_query(request.GET, request.user)
    if form.errors:
        return _bad_query(form)
    bom = request.GET.get("bom", "").lower() in TRUE_VALUES
    return _download(
        csv_lines(claims, bom=bom, export=_export(request)),
        content_type="text/csv; charset=utf-8",
        extension="csv",
    )


@require_GET
def claims_jsonl(request):
    form, claims = claims_from_query(request.GET, request.user)
    if form.errors:
        return _bad_query(form)
    return _download(
        jsonl_lines(claims, export=_export(request)),
        content_type="application/jsonl; charset=utf-8",
        extension="jsonl",
    )


@require_GET
def claims_claimreview(request):
    form, claims = claims_from_query(request.GET, request.user)
    if form.errors:
        return _bad_query(form)
    return _download(
        claimreview_chunks(without_hidden_reviews(request.user, claims)),
        content_type="application/ld+json; charset=utf-8",
        extension="claimreview.jsonld",
    )


@require_GET
def claims_factcheck(request):
    """Google Fact Check Tools' ClaimReviewMarkupPage objects, one a line."""
    form, claims = claims_from_query(request.GET, request.user)
    if form.errors:
        return _bad_query(form)
    return _download(
        factcheck_lines(without_hidden_reviews(request.user, claims)),
        content_type="application/jsonl; charset=utf-8",
        extension="factcheck.jsonl",
    )


@require_GET
def articles_jsonl(request):
    """The articles behind the selected claims in the import format (every article when no
    filter is set), so an export re-imports into an empty database."""
    form, claims = claims_from_query(request.GET, request.user)
    if form.errors:
        return _bad_query(form)
    unfiltered = not any(value for key, value in form.cleaned_data.items() if key != "sort")
    return _download(
        article_lines(selected_articles(claims, everything=unfiltered)),
        content_type="application/jsonl; charset=utf-8",
        extension="jsonl",
        stem="articles",
    )
