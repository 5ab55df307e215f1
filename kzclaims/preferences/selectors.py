"""Reads of a user's display preferences."""

from kzclaims.models import ZonePreference

# What a user who never chose reads: each article in its own zone.
DEFAULT = ZonePreference(mode=ZonePreference.Mode.ARTICLE, zone="")


def zone_preference(user) -> ZonePreference:
    """The user's newest choice, else the default (one indexed query)."""
    if user is None or not user.is_authenticated:
        return DEFAULT
    return ZonePreference.objects.filter(user=user).order_by("-id").first() or DEFAULT


def zone_preference_for_request(request) -> ZonePreference:
    """The same, read once per request however many dates the page shows."""
    if request is None:
        return DEFAULT
    cached = getattr(request, "_kz_zone_preference", None)
    if cached is None:
        cached = zone_preference(getattr(request, "user", None))
        request._kz_zone_preference = cached
    return cached
