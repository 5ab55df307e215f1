"""The claim filters shared by the review queue and every export: one definition, so an export
always holds exactly the claims the queue shows for the same query string."""

from django import forms
from django.db.models import Q, QuerySet

from kzclaims.models import Claim, Outlet, Speaker

SORTS = {
    "date": ("-article__published", "article_id", "start"),
    "-date": ("article__published", "article_id", "start"),
    "article": ("article_id", "start"),
    "speaker": ("speaker__name", "article_id", "start"),
    "status": ("status", "article_id", "start"),
    "confidence": ("-confidence", "article_id", "start"),
}
DEFAULT_SORT = "date"
# Each filter but the free text: the lookup its value is matched with.
LOOKUPS = {
    "outlet": "article__outlet",
    "speaker": "speaker",
    "speaker_type": "speaker__speaker_type",
    "kind": "kind",
    "status": "status",
    "stance": "cue_stance",
    "date_from": "article__published__date__gte",
    "date_to": "article__published__date__lte",
    "article": "article_id",
}


class ClaimFilterForm(forms.Form):
    """Validates the query string; unknown or malformed values are reported, never guessed."""

    q = forms.CharField(required=False, label="Text", max_length=200)
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), required=False, to_field_name="slug", empty_label="Any"
    )
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.all(), required=False, empty_label="Any"
    )
    speaker_type = forms.ChoiceField(
        choices=[("", "Any"), *Speaker.Type.choices], required=False, label="Speaker type"
    )
    kind = forms.ChoiceField(choices=[("", "Any"), *Claim.Kind.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any"), *Claim.Status.choices], required=False)
    stance = forms.ChoiceField(
        choices=[("", "Any"), *Claim.Stance.choices], required=False, label="Cue stance"
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Claims whose text left the article on re-extraction but that hold an editor's work.
    superseded = forms.ChoiceField(
        choices=[("", "Hidden"), ("include", "Shown too"), ("only", "Only these")],
        required=False,
        label="Superseded",
    )
    # Statements first: thought (beliefs, intentions, stances) on request; claims reported
    # inside another claim, and fragments of a clause, are read inside their parent.
    mode = forms.ChoiceField(
        choices=[("", "Speech"), ("thought", "Thought"), ("any", "Speech and thought")],
        required=False,
    )
    nested = forms.BooleanField(required=False, label="Include nested claims and fragments")
    sort = forms.ChoiceField(
        choices=[(key, key) for key in SORTS], required=False, initial=DEFAULT_SORT
    )


def filter_claims(filters: dict, queryset: QuerySet | None = None) -> QuerySet:
    """Claims matching `filters` (a ClaimFilterForm's cleaned_data), sorted, with the relations
    every list and export shows loaded in the same query."""
    claims = queryset if queryset is not None else Claim.objects.all()
    claims = claims.select_related("article__outlet", "speaker", "reviewed_by")
    if text := (filters.get("q") or "").strip():
        claims = claims.filter(
            Q(content__icontains=text)
            | Q(speaker_mention__icontains=text)
            | Q(speaker__name__icontains=text)
            | Q(article__title__icontains=text)
        )
    for name, lookup in LOOKUPS.items():
        if value := filters.get(name):
            claims = claims.filter(**{lookup: value})
    match filters.get("superseded"):
        case "include":
            pass
        case "only":
            claims = claims.filter(superseded_at__isnull=False)
        case _:
            claims = claims.filter(superseded_at__isnull=True)
    mode = filters.get("mode") or Claim.Mode.SPEECH
    if mode != "any":
        claims = claims.filter(mode=mode)
    if not filters.get("nested"):
        claims = claims.filter(parent__isnull=True)
    return claims.order_by(*SORTS.get(filters.get("sort") or DEFAULT_SORT, SORTS[DEFAULT_SORT]))


def claims_from_query(params) -> tuple[ClaimFilterForm, QuerySet]:
    """Binds a query string (request.GET or a dict) and returns the form and its claims; an
    invalid query selects nothing rather than everything, and the form carries the errors."""
    form = ClaimFilterForm(params)
    if form.is_valid():
        return form, filter_claims(form.cleaned_data)
    return form, Claim.objects.none()
