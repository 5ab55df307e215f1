import unicodedata
from functools import cache
from zoneinfo import available_timezones

from django import forms

from kzclaims.models import ZonePreference

ZONE_MAX = 64


@cache
def iana_zones() -> dict[str, str]:
    """Every IANA zone name the system knows, by its case-folded spelling."""
    return {name.casefold(): name for name in available_timezones()}


class ZoneForm(forms.Form):
    mode = forms.ChoiceField(
        label="Show dates in",
        choices=ZonePreference.Mode.choices,
        widget=forms.RadioSelect,
        initial=ZonePreference.Mode.ARTICLE,
    )
    zone = forms.CharField(
        label="Time zone",
        required=False,
        max_length=ZONE_MAX,
        help_text="An IANA name such as Asia/Almaty, Europe/Moscow or America/New_York.",
        widget=forms.TextInput(attrs={"list": "zone-names", "autocomplete": "off"}),
    )

    def clean_zone(self):
        typed = unicodedata.normalize("NFC", self.cleaned_data.get("zone") or "").strip()
        if self.cleaned_data.get("mode") != ZonePreference.Mode.ZONE:
            return ""  # a zone left in the box counts only when "a zone I choose" is picked
        if not typed:
            return ""
        name = iana_zones().get(typed.replace(" ", "_").casefold())
        if name is None:
            raise forms.ValidationError(
                f"“{typed}” is not a time zone name: give an IANA name such as Asia/Almaty."
            )
        return name

    def clean(self):
        cleaned = super().clean()
        wants_zone = cleaned.get("mode") == ZonePreference.Mode.ZONE
        if wants_zone and not cleaned.get("zone") and "zone" not in self.errors:
            self.add_error("zone", "Name the time zone to show dates in.")
        return cleaned
