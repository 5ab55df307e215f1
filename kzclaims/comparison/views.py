"""The compare page: how outlets reported the same statements, figures and framing."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from kzclaims.team.selectors import hide_reviews_due

from . import selectors
from .filters import CompareFilterForm


@require_GET
def compare(request):
    form = CompareFilterForm(request.GET)
    context = selectors.compare_page(form.filters(), request.GET.get("page"))
    # Each wording shows its claim's status: as this user may see it under a blind review.
    hide_reviews_due(
        request.user, [claim for group in context["groups"] for claim in group["members"]]
    )
    filtered_speaker = form.cleaned_data.get("speaker") if form.is_valid() else None
    return render(
        request,
        "comparison/compare.html",
        {**context, "form": form, "params": request.GET, "filtered_speaker": filtered_speaker},
    )
