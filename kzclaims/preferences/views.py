"""The preferences page: in which time zone the pages show dates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import ZoneForm, iana_zones

COMMON_ZONES = ["Asia/Almaty", "Asia/Aqtobe", "Europe/Moscow", "Europe/London", "UTC"]


@require_http_methods(["GET", "POST"])
def preferences(request):
    current = selectors.zone_preference(request.user)
    if request.method == "POST":
        form = ZoneForm(request.POST)
        if form.is_valid():
            chosen = services.choose_zone(
                user=request.user, mode=form.cleaned_data["mode"], zone=form.cleaned_data["zone"]
            )
            messages.success(request, f"Dates are now shown in {_describe(chosen)}.")
            return redirect("preferences:preferences")
        status = 422
    else:
        form = ZoneForm(initial={"mode": current.mode, "zone": current.zone})
        status = 200
    return render(
        request,
        "preferences/preferences.html",
        {
            "form": form,
            "current": _describe(current),
            "zone_names": sorted(iana_zones().values()),
            "common_zones": COMMON_ZONES,
        },
        status=status,
    )


def _describe(preference):
    if preference.mode == preference.Mode.ZONE:
        return preference.zone
    if preference.mode == preference.Mode.UTC:
        return "UTC"
    return "each article's own time zone"
