"""The claim filters shared by the review queue and every export: one definition, so an export
always holds exactly the claims the queue shows for the same query string."""

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from django import forms
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    Expression,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.functional import cached_property

from kzclaims.models import AssignedClaim, Claim, Outlet, Speaker

SORTS = {
    "date": ("-article__published", "article_id", "start"),
    "-date": ("article__published", "article_id", "start"),
    "article": ("article_id", "start"),
    # The speaker's name as kept on the claim (claim_speaker_name_idx); no speaker last.
    "speaker": (F("speaker_sort").asc(nulls_last=True), "article_id", "start"),
    "status": ("status", "article_id", "start"),
    "confidence": ("-confidence", "article_id", "start"),
    "relevance": ("-rank", "-id"),
}
DEFAULT_SORT = "date"
# Best match first when there is text to match (and no sort asked for).
SEARCH_SORT = "relevance"
# Search terms: runs of letters and digits; at most this many are matched.
TERM = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
# Each filter but the free text: the lookup its value is matched with.
LOOKUPS = {
    "outlet": "article__outlet",
    "speaker": "speaker",
    "speaker_type": "speaker__speaker_type",
    "kind": "kind",
    "stance": "cue_stance",
    "article": "article_id",
}


class ClaimFilterForm(forms.Form):
    """Validates the query string; unknown or malformed values are reported, never guessed.
    `user` is who asks: "My queue" (`assigned=me`) is that user's assigned, untagged claims."""

    # "My queue": the claims assigned to the user asking and not yet tagged by them
    # (kzclaims/team/); cleaned to that user, so the filter below needs no request.
    assigned = forms.ChoiceField(
        choices=[("", "All claims"), ("me", "My queue: assigned to me, not tagged yet")],
        required=False,
        label="Queue",
    )

    q = forms.CharField(
        required=False,
        label="Text",
        max_length=200,
        help_text="Words of the claim or the speaker's name; the start of a word is enough.",
    )
    title = forms.CharField(required=False, label="Article title", max_length=200)
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(), required=False, to_field_name="slug", empty_label="Any"
    )
    # Chosen from a speaker's page or a claim, not from a list of every speaker (thousands at a
    # desk's volume); the text search finds speakers by name.
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.all(), required=False, widget=forms.HiddenInput
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
    article = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for key in SORTS], required=False, initial=DEFAULT_SORT
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.status_hidden = None  # set by clean()

    def clean(self):
        cleaned = super().clean()
        # The blind rule (kzclaims.team): a claim its viewer must still review blind shows them
        # as unreviewed, so the status filter and sort must read it so too, or they would tell
        # the reviewer another editor's verdict. Only asked when the status is filtered or
        # sorted on: one indexed query, and nothing for a viewer with no blind work.
        # filter_claims takes it as `status_hidden`.
        self.status_hidden = None
        if self.user is not None and (cleaned.get("status") or cleaned.get("sort") == "status"):
            # Imported here: kzclaims.team reads the review selectors, which read this module.
            from kzclaims.team.selectors import status_hidden_from

            self.status_hidden = status_hidden_from(self.user)
        return cleaned

    def clean_assigned(self):
        if self.cleaned_data["assigned"] != "me":
            return None
        if self.user is None or not self.user.is_authenticated:
            raise forms.ValidationError("My queue needs a signed-in user.")
        return self.user


class ContentSearch(Expression):
    """The claim's stored tsvector on PostgreSQL (the column migration 0004 adds), under
    whatever alias the claim table has in the query (a subquery renames it)."""

    def __init__(self, alias=None):
        super().__init__()
        self.alias = alias

    @cached_property
    def output_field(self):
        from django.contrib.postgres.search import SearchVectorField

        return SearchVectorField()

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.alias)}.content_search", []


def search_terms(text: str) -> list[str]:
    """The words of a search, folded (NFKC first, so that "²" reads as "2")."""
    words = TERM.findall(unicodedata.normalize("NFKC", text).casefold())
    return words[:MAX_TERMS]


# A search names at most this many speakers (the first by name); more is not a name.
MAX_SPEAKERS = 200


def _speakers_named(terms: list[str]) -> list[int]:
    """Speakers whose name or one of whose aliases holds every term. Read first, from the small
    speaker tables, so the claim query is two index lookups joined by OR."""
    speakers = Speaker.objects.all()
    for term in terms:
        speakers = speakers.filter(Q(name__icontains=term) | Q(aliases__alias__icontains=term))
    return list(speakers.order_by("name").values_list("pk", flat=True).distinct()[:MAX_SPEAKERS])


def search(claims: QuerySet, text: str) -> QuerySet:
    """Claims whose content has every term as the start of a word, or whose speaker is named
    by the terms; annotated with `rank`. On PostgreSQL through full-text search on a GIN index
    (migration 0004), elsewhere the same rule by matching each word."""
    terms = search_terms(text)
    if not terms:
        return claims.annotate(rank=F("confidence"))
    speakers = _speakers_named(terms)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="simple")
        return (
            claims.annotate(document=ContentSearch())
            .filter(Q(document=query) | Q(speaker_id__in=speakers))
            .annotate(rank=SearchRank(ContentSearch(), query))
        )
    # Elsewhere: each term starts a word of the content ("restor" finds "restored").
    content = Q()
    for term in terms:
        content &= Q(content__iregex=rf"(^|\W){re.escape(term)}")
    return claims.filter(content | Q(speaker_id__in=speakers)).annotate(rank=F("confidence"))


class AmongIds(Func):
    """PostgreSQL: `id = ANY(ARRAY(subquery))`. The subquery is read once, before the claims,
    and the claims are then looked up by id: a plan bounded by the subquery's rows whatever the
    sort or page, which a semi-join is not (the planner hashes the rows against every claim of
    the sort's index when it guesses that cheaper: at 100,000 claims that made My queue's count
    about twice as slow, and a deep page up to three times)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, ids = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        ids_sql, ids_params = compiler.compile(ids)
        return f"{column_sql} = ANY(ARRAY{ids_sql})", (*column_params, *ids_params)


def assigned_to(editor, semi_join=False) -> Q | Expression:
    """The claims of My queue: those assigned to `editor` and not yet done by them (their open
    rows, index assigned_my_queue_idx). On PostgreSQL the claims are found by id from those rows
    (claim_queue_id_idx holds the sorts' keys), so My queue's work grows with the editor's
    assignments, not with the claims there are; elsewhere a semi-join. `semi_join` asks for the
    semi-join everywhere: the cheaper way to read the first or last rows of a sort (a walk of
    its index that stops after a page), which the queue uses for its first and last pages."""
    if connection.vendor == "postgresql" and not semi_join:
        mine = AssignedClaim.objects.filter(editor=editor, done_at__isnull=True)
        return AmongIds(F("pk"), Subquery(mine.order_by().values("claim_id")))
    mine = AssignedClaim.objects.filter(
        claim_id=OuterRef("pk"), editor=editor, done_at__isnull=True
    )
    return Q(Exists(mine))


def _start_of(day: date) -> datetime:
    """The first moment of `day` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def published_between(date_from: date | None, date_to: date | None, prefix: str = "") -> Q:
    """Claims whose article was published on `date_from` .. `date_to` (whole days in the current
    time zone, either end open), as a range of the published time so that its indexes answer
    (a cast of every article's time to a date reads them all)."""
    q = Q()
    if date_from:
        q &= Q(**{f"{prefix}article__published__gte": _start_of(date_from)})
    if date_to:
        if date_to < date.max:
            q &= Q(**{f"{prefix}article__published__lt": _start_of(date_to + timedelta(days=1))})
        else:  # the last day there is: no end, but a date still
            q &= Q(**{f"{prefix}article__published__isnull": False})
    return q


def filter_claims(
    filters: dict,
    queryset: QuerySet | None = None,
    *,
    semi_join: bool = False,
    status_hidden: QuerySet | None = None,
) -> QuerySet:
    """Claims matching `filters` (a ClaimFilterForm's cleaned_data), sorted, with the relations
    every list and export shows loaded in the same query (`semi_join`: see assigned_to).
    `status_hidden` (the form's): ids of claims whose status the viewer may not see yet, which
    the status filter and sort read as unreviewed."""
    claims = queryset if queryset is not None else Claim.objects.all()
    claims = claims.select_related("article__outlet", "speaker", "reviewed_by")
    text = (filters.get("q") or "").strip()
    sort = filters.get("sort") or (SEARCH_SORT if text else DEFAULT_SORT)
    if text:
        claims = search(claims, text)
    elif sort == SEARCH_SORT:
        sort = DEFAULT_SORT
    if title := (filters.get("title") or "").strip():
        claims = claims.filter(article__title__icontains=title)
    for name, lookup in LOOKUPS.items():
        if value := filters.get(name):
            claims = claims.filter(**{lookup: value})
    hidden = status_hidden
    if status := filters.get("status"):
        if hidden is None:
            claims = claims.filter(status=status)
        elif status == Claim.Status.UNREVIEWED:
            claims = claims.filter(Q(status=status) | Q(pk__in=hidden))
        else:
            claims = claims.filter(status=status).exclude(pk__in=hidden)
    if filters.get("date_from") or filters.get("date_to"):
        claims = claims.filter(published_between(filters.get("date_from"), filters.get("date_to")))
    if editor := filters.get("assigned"):
        claims = claims.filter(assigned_to(editor, semi_join))
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
    order = SORTS[sort]
    if sort == "status" and hidden is not None:
        seen = Case(
            When(pk__in=hidden, then=Value(Claim.Status.UNREVIEWED)),
            default=F("status"),
            output_field=CharField(),
        )
        claims = claims.annotate(seen_status=seen)
        order = tuple("seen_status" if key == "status" else key for key in order)
    return claims.order_by(*order)


def claims_from_query(params, user=None) -> tuple[ClaimFilterForm, QuerySet]:
    """Binds a query string (request.GET or a dict) and returns the form and its claims; an
    invalid query selects nothing rather than everything, and the form carries the errors.
    `user` is who asks (for "My queue"); without one `assigned=me` is an error."""
    form = ClaimFilterForm(params, user=user)
    if form.is_valid():
        return form, filter_claims(form.cleaned_data, status_hidden=form.status_hidden)
    return form, Claim.objects.none()
