"""The speaker identity page (history, merge, split). Reading needs a login; merging and
splitting need the editors' permission, as tagging does."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from kzclaims.models import Speaker

from . import selectors, services
from .forms import MergeForm, SplitForm

EDIT_PERMISSION = "kzclaims.tag_claim"


def _require_editor(request):
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied("Only editors and admins may merge or split speakers.")


@require_GET
def manage(request, pk):
    speaker = get_object_or_404(Speaker, pk=pk)
    if speaker.merged_into_id:
        messages.info(request, f"{speaker.name} was merged into {speaker.merged_into.name}.")
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "speakers/manage.html",
        {
            "speaker": speaker,
            "aliases": list(speaker.aliases.all()),
            "query": query,
            "candidates": selectors.merge_candidates(speaker, query),
            "events": selectors.history(speaker),
            "can_edit": request.user.has_perm(EDIT_PERMISSION),
        },
    )


@require_POST
def merge(request, pk):
    _require_editor(request)
    speaker = get_object_or_404(Speaker, pk=pk)
    ids = [int(v) for v in request.POST.getlist("sources") if v.isascii() and v.isdigit()]
    candidates = Speaker.objects.filter(Q(pk__in=ids[:50]) & ~Q(pk=pk))
    form = MergeForm(request.POST, candidates=candidates)
    if not form.is_valid():
        messages.error(request, "Not merged: choose speakers from the list.")
        return redirect("speakers:manage", pk=pk)
    try:
        services.merge_speakers(
            target_id=pk, source_ids=form.cleaned_data["sources"], user=request.user
        )
    except services.IdentityError as exc:
        messages.error(request, f"Not merged: {exc}")
    else:
        messages.success(request, f"Merged into {speaker.name}.")
    return redirect("speakers:manage", pk=pk)


@require_POST
def split(request, pk):
    _require_editor(request)
    speaker = get_object_or_404(Speaker, pk=pk)
    form = SplitForm(request.POST, aliases=speaker.aliases.all())
    if not form.is_valid():
        messages.error(request, "Not split: choose spellings and give a name.")
        return redirect("speakers:manage", pk=pk)
    try:
        other = services.split_speaker(
            speaker_id=pk,
            alias_ids=form.cleaned_data["aliases"],
            name=form.cleaned_data["name"],
            user=request.user,
        )
    except services.IdentityError as exc:
        messages.error(request, f"Not split: {exc}")
        return redirect("speakers:manage", pk=pk)
    messages.success(request, f"Split off {other.name}.")
    return redirect("speakers:manage", pk=other.pk)
