"""Writes of a user's display preferences: each choice is a new row (append-only)."""

from django.db import transaction

from kzclaims.models import ZonePreference


@transaction.atomic
def choose_zone(*, user, mode: str, zone: str = "") -> ZonePreference:
    """Records the user's choice; `zone` (a valid IANA name, see forms.ZoneForm) only counts
    when `mode` is "zone". Choosing what is already chosen writes nothing."""
    zone = zone if mode == ZonePreference.Mode.ZONE else ""
    current = ZonePreference.objects.filter(user=user).order_by("-id").first()
    if current is not None and (current.mode, current.zone) == (mode, zone):
        return current
    if current is None and mode == ZonePreference.Mode.ARTICLE:
        return ZonePreference(user=user, mode=mode, zone="")  # the default: nothing to keep
    preference = ZonePreference(user=user, mode=mode, zone=zone)
    preference.full_clean()
    preference.save()
    return preference
