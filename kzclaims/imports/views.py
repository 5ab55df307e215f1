"""The admin import page (upload → preview → import, all or nothing), the extraction progress
fragment that the admin and the queue include, and the retry of failed extractions. Permission
checks live in each view: a client can request any of them directly."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kzclaims.imports.forms import UploadForm
from kzclaims.imports.parsing import parse_files
from kzclaims.imports.selectors import extraction_progress
from kzclaims.imports.services import (
    ImportRejected,
    discard_staged,
    import_articles,
    plan_import,
    retry_extraction,
    stage_upload,
    staged_upload,
)
from kzclaims.models import ImportBatch

PERMISSION = "kzclaims.import_articles"


def can_import(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def _id(value) -> int | None:
    """A database id from a form or query string: ASCII digits ("²" is a digit to Python, not
    to int()), short enough for any database's integer."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def import_page(request, *, model_admin):
    """Django admin: upload, preview (what would be created, skipped and rejected), import."""
    if not can_import(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import articles",
        "max_bytes": settings.KZCLAIMS_IMPORT_MAX_BYTES,
    }
    form = UploadForm()
    if request.method == "POST" and request.POST.get("action") == "import":
        token = request.POST.get("token", "")
        files = staged_upload(token=token, user=request.user)
        if files is None:
            messages.error(request, "That preview has expired or was replaced; upload again.")
            return HttpResponseRedirect(request.path)
        try:
            result = import_articles(
                files=files,
                user=request.user,
                source=", ".join(name for name, _ in files),
            )
        except ImportRejected as rejected:
            # Re-validated on import: the database changed since the preview.
            discard_staged(token=token, user=request.user)
            context.update(form=form, problems=rejected.problems)
            return render(request, "admin/kzclaims/article/import.html", context)
        discard_staged(token=token, user=request.user)
        messages.success(
            request,
            f"Imported {len(result.created)} articles, skipped {len(result.skipped)} already "
            "present; their extraction runs in the background.",
        )
        target = request.path
        if result.batch:
            target += f"?batch={result.batch.pk}"
        return HttpResponseRedirect(target)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            plan = plan_import(parse_files(files))
            context["plan"] = plan
            if plan.ok and plan.to_create:
                context["token"] = stage_upload(files=files, user=request.user)
            context["problems"] = plan.problems
    elif (batch_id := _id(request.GET.get("batch"))) is not None:
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        context["batch"] = batch
        context.update(progress_context(request, batch))
    context["form"] = form
    return render(request, "admin/kzclaims/article/import.html", context)


def _batch(request, params):
    batch_id = _id(params.get("batch"))
    return None if batch_id is None else get_object_or_404(ImportBatch, pk=batch_id)


def progress_context(request, batch):
    """What templates/imports/progress.html needs."""
    progress = extraction_progress(batch=batch)
    url = reverse("imports:progress") + (f"?batch={batch.pk}" if batch else "")
    return {"progress": progress, "progress_url": url, "can_retry": can_import(request.user)}


@require_GET
@login_required
def progress(request):
    """HTML fragment: articles extracted N of M (of one batch with ?batch=ID, or all), the
    failures with their reasons and, for admins, Retry buttons. Polls itself while work is
    pending, so it can be included anywhere with hx-get."""
    batch = _batch(request, request.GET)
    return render(request, "imports/progress.html", progress_context(request, batch))


@require_POST
@login_required
def retry(request):
    """Retries failed extractions: one article (`article`), or every failure of a batch or of
    all articles (`all_failed`). Admins only."""
    if not can_import(request.user):
        raise PermissionDenied
    batch = _batch(request, request.POST)
    ids = [pk for value in request.POST.getlist("article") if (pk := _id(value)) is not None]
    if ids:
        count = retry_extraction(article_ids=ids)
    elif request.POST.get("all_failed"):
        count = retry_extraction(batch=batch)
    else:
        count = 0
    if request.htmx:
        return render(request, "imports/progress.html", progress_context(request, batch))
    messages.info(request, f"Extraction retried for {count} article(s).")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("imports:progress") + (f"?batch={batch.pk}" if batch else "")
    return HttpResponseRedirect(target)
