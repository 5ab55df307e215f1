"""The compare page's filters (date range, outlets, speaker), read from the query string like
the queue's: every view of the page is a link an editor can share."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import Q

from kzclaims.claim_filters import published_between
from kzclaims.models import Outlet, Speaker


class CompareFilterForm(forms.Form):
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    outlet = forms.ModelMultipleChoiceField(
        queryset=Outlet.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        label="Outlets",
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every outlet.",
    )
    # Chosen by following a speaker's link on the page, not from a list of every speaker.
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.all(), required=False, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> "CompareFilters":
        """The valid filters; with errors, none (the form shows what was wrong)."""
        if not self.is_valid():
            return CompareFilters()
        data = self.cleaned_data
        return CompareFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            outlets=tuple(sorted(o.pk for o in data["outlet"])),
            speaker=data["speaker"].pk if data["speaker"] else None,
        )


@dataclass(frozen=True)
class CompareFilters:
    date_from: date | None = None
    date_to: date | None = None
    outlets: tuple[int, ...] = ()
    speaker: int | None = None

    def __bool__(self) -> bool:
        return bool(self.date_from or self.date_to or self.outlets or self.speaker)

    @property
    def key(self) -> str:
        """A cache key part naming exactly these filters."""
        return f"{self.date_from}:{self.date_to}:{','.join(map(str, self.outlets))}:{self.speaker}"

    def claims(self, prefix: str = "") -> Q:
        """The current claims these filters select, as a condition on Claim (or on a model
        reaching a claim through `prefix`, e.g. "claim__"). Dates are whole days in the site's
        time zone, compared as a range so the published index answers."""
        q = Q(**{f"{prefix}superseded_at__isnull": True})
        q &= published_between(self.date_from, self.date_to, prefix)
        if self.outlets:
            q &= Q(**{f"{prefix}article__outlet_id__in": self.outlets})
        if self.speaker:
            q &= Q(**{f"{prefix}speaker_id": self.speaker})
        return q
