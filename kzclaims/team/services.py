"""Team review writes: handing claims to editors (in bulk), moving an editor's remaining work to
another, and the blind review of a double-blind claim with the double review's state kept
right (open → agreed | disagreed; a change of a blind tag before resolution re-evaluates it).
Every change is an append-only row: AssignmentEvent, BlindReview, ReviewEvent."""

import itertools
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from kzclaims.models import (
    AssignedClaim,
    Assignment,
    AssignmentEvent,
    BlindReview,
    Claim,
    DoubleReview,
    ReviewEvent,
)
from kzclaims.review.services import NothingChanged, ReviewError, _write

from .selectors import UNRESOLVED, can_tag

TITLE_MAX = 200
BLIND_STATUSES = (Claim.Status.VERIFIED, Claim.Status.DISPUTED, Claim.Status.OFFICIAL_ONLY)


class AssignmentError(Exception):
    """An assignment change that was refused; the message is for the admin."""


def _slots(editors, reviews_required) -> list[tuple[int, ...]]:
    """Who gets the n-th claim of the selection: slot n mod len(slots). One editor per slot (an
    even split), or for a double-blind review a pair of different editors per slot, every pair
    in turn so that each editor gets about the same share and every pair meets."""
    if reviews_required == 1:
        return [(e.pk,) for e in editors]
    return [(a.pk, b.pk) for a, b in itertools.combinations(editors, 2)]


def _selection(claim_ids) -> QuerySet:
    """The claims to assign as a query of their ids: the queue's query itself (its filters and
    any slice), or a list of ids."""
    if isinstance(claim_ids, QuerySet):
        selection = claim_ids.values("pk")
        return selection if selection.query.is_sliced else selection.order_by()
    return Claim.objects.filter(pk__in=list(dict.fromkeys(claim_ids))).values("pk")


def _insert_assigned(assignment, selection, slots) -> int:
    """One INSERT … SELECT of the assigned rows, however many claims: the selection numbered in
    claim id order, the n-th claim given to the editors of slot n mod len(slots). Returns the
    number of claims (0 when the selection is empty)."""
    try:
        selected_sql, params = selection.query.sql_with_params()
    except EmptyResultSet:  # Claim.objects.none(): an invalid queue query
        return 0
    # The plan is a union of integer literals (primary keys and slot numbers, formatted by int):
    # SQLite has no column names on a VALUES table, and literals need no casts on PostgreSQL.
    plan = " UNION ALL ".join(
        f"SELECT {int(slot)} AS slot, {int(editor)} AS editor_id"
        for slot, editors in enumerate(slots)
        for editor in editors
    )
    table = AssignedClaim._meta.db_table
    # The CTE names the selection's one column (a subquery's would be "kzclaims_claim"."id"),
    # inside the INSERT so that the driver reports the rows inserted (SQLite's rowcount is -1
    # for a statement that starts with WITH).
    sql = (
        f"INSERT INTO {table} (assignment_id, claim_id, editor_id) "  # noqa: S608 - names, ints
        f"WITH chosen(id) AS ({selected_sql}) "
        f"SELECT {int(assignment.pk)}, numbered.id, plan.editor_id FROM ("
        f"SELECT picked.id, (ROW_NUMBER() OVER (ORDER BY picked.id) - 1) %% {len(slots)} AS slot "
        f"FROM (SELECT DISTINCT id FROM chosen) picked"
        f") numbered JOIN ({plan}) plan ON plan.slot = numbered.slot"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.rowcount
    return rows // len(slots[0])


def _shares(claim_count, slots) -> dict[int, int]:
    """{editor id: claims} of the rotation: slot i gets the claims numbered i, i + len(slots), …"""
    shares = Counter()
    whole, extra = divmod(claim_count, len(slots))
    for i, editors in enumerate(slots):
        for editor in editors:
            shares[editor] += whole + (1 if i < extra else 0)
    return shares


@transaction.atomic
def create_assignment(
    *,
    user,
    title: str,
    editors,
    reviews_required: int,
    claim_ids,
    resolver=None,
    source_query: str = "",
) -> Assignment:
    """Gives the claims (a list of ids, or the queue's query of them: the selection stays in
    the database) to the editors in one INSERT … SELECT, and the double reviews in another, and
    records it: a "create" event and one "assign" event per editor with their share. Refuses
    (changing nothing) an empty title, no claims, an editor who may not tag, or fewer than two
    editors for two blind reviews."""
    title = " ".join((title or "").split())
    if not title:
        raise AssignmentError("Give the assignment a title.")
    if len(title) > TITLE_MAX:
        raise AssignmentError(f"The title is {len(title)} characters long; at most {TITLE_MAX}.")
    editors = sorted(set(editors), key=lambda e: e.pk)
    if not editors:
        raise AssignmentError("Choose at least one editor.")
    if cannot := [e.get_username() for e in editors if not can_tag(e)]:
        raise AssignmentError(f"May not tag claims: {', '.join(cannot)}.")
    if reviews_required not in (1, 2):
        raise AssignmentError("An assignment asks for one review or two blind reviews.")
    if reviews_required == 2 and len(editors) < 2:
        raise AssignmentError("Two blind reviews need at least two editors.")
    assignment = Assignment.objects.create(
        title=title,
        created_by=user,
        reviews_required=reviews_required,
        resolver=resolver,
        source_query=source_query[:1000],
    )
    slots = _slots(editors, reviews_required)
    claim_count = _insert_assigned(assignment, _selection(claim_ids), slots)
    if not claim_count:
        raise AssignmentError("No claims match these filters: nothing to assign.")
    if reviews_required == 2:
        # updated_at is auto_now (no database default): the one timestamp, as a parameter.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {DoubleReview._meta.db_table} "  # noqa: S608 - table names
                "(assignment_id, claim_id, state, updated_at) "
                f"SELECT DISTINCT assignment_id, claim_id, %s, %s FROM "
                f"{AssignedClaim._meta.db_table} WHERE assignment_id = %s",
                [DoubleReview.State.OPEN, timezone.now(), assignment.pk],
            )
    shares = _shares(claim_count, slots)
    AssignmentEvent.objects.create(
        assignment=assignment,
        action=AssignmentEvent.Action.CREATE,
        user=user,
        claim_count=claim_count,
        detail={
            "source_query": assignment.source_query,
            "reviews_required": reviews_required,
            "editors": [e.get_username() for e in editors],
            "resolver": resolver.get_username() if resolver else "",
        },
    )
    AssignmentEvent.objects.bulk_create(
        AssignmentEvent(
            assignment=assignment,
            action=AssignmentEvent.Action.ASSIGN,
            user=user,
            editor=editor,
            claim_count=shares[editor.pk],
        )
        for editor in editors
    )
    assignment.claim_count = claim_count
    return assignment


@dataclass
class Reassigned:
    moved: int
    kept: int  # double-blind claims the new editor already reviews: left where they were


@transaction.atomic
def reassign(*, assignment: Assignment, user, from_editor, to_editor) -> Reassigned:
    """Moves `from_editor`'s remaining (untagged) claims of the assignment to `to_editor` in one
    UPDATE, and records it. In a double-blind assignment a claim is never given to both of its
    reviewers: the claims `to_editor` already reviews stay where they were (and are counted)."""
    if from_editor.pk == to_editor.pk:
        raise AssignmentError("Choose another editor to move the claims to.")
    if not can_tag(to_editor):
        raise AssignmentError(f"{to_editor.get_username()} may not tag claims.")
    Assignment.objects.select_for_update().get(pk=assignment.pk)  # one reassignment at a time
    remaining = AssignedClaim.objects.filter(
        assignment=assignment, editor=from_editor, done_at__isnull=True
    )
    already = AssignedClaim.objects.filter(
        assignment=assignment, claim_id=OuterRef("claim_id"), editor=to_editor
    )
    kept = remaining.filter(Exists(already)).count()
    moved = (
        remaining.exclude(Exists(already)).update(editor=to_editor, assigned_at=timezone.now())
        if remaining.exists()
        else 0
    )
    if not moved and not kept:
        raise AssignmentError(f"{from_editor.get_username()} has no remaining claims here.")
    AssignmentEvent.objects.create(
        assignment=assignment,
        action=AssignmentEvent.Action.REASSIGN,
        user=user,
        editor=from_editor,
        to_editor=to_editor,
        claim_count=moved,
        detail={"kept": kept} if kept else {},
    )
    return Reassigned(moved, kept)


# --- blind review -----------------------------------------------------------------------------


class NotBlindReviewer(ReviewError):
    pass


@dataclass
class BlindResult:
    review: BlindReview
    states: list[str]  # of the double reviews this tag took part in, after it
    settled: Claim | None  # the claim when the tag settled (or unsettled) its status

    @property
    def message(self) -> str:
        label = self.review.get_status_display()
        if DoubleReview.State.AGREED in self.states:
            return f"Blind tag {label} saved: both reviews agree, the claim is now {label}."
        if DoubleReview.State.DISAGREED in self.states:
            return f"Blind tag {label} saved: the reviews differ; a resolver will decide."
        return f"Blind tag {label} saved; it stays hidden from the other reviewer."


@transaction.atomic
def blind_tag(
    *, claim_id: int, user, status: str, note: str = "", evidence_url: str = ""
) -> BlindResult:
    """The user's own tag on a claim under a double-blind assignment: a new BlindReview row (a
    status left empty keeps their previous tag and saves the note and evidence link), their
    assigned row marked done, and the double review re-evaluated. Claim.status changes only
    when the two reviewers agree (a "settle" event through the review service's conditional
    write), and goes back if they stop agreeing before a resolver decides."""
    doubles = list(
        DoubleReview.objects.select_for_update()
        .filter(claim_id=claim_id, state__in=UNRESOLVED)
        .filter(
            Exists(
                AssignedClaim.objects.filter(
                    assignment_id=OuterRef("assignment_id"), claim_id=claim_id, editor=user
                )
            )
        )
        .select_related("assignment")
        .order_by("pk")
    )
    if not doubles:
        raise NotBlindReviewer("You are not a blind reviewer of this claim (any more).")
    mine = (
        BlindReview.objects.filter(claim_id=claim_id, editor=user, assignment=doubles[0].assignment)
        .order_by("-id")
        .first()
    )
    if not status:
        if mine is None:
            raise ReviewError("Choose a tag first: a note alone is not a blind review.")
        if (note, evidence_url) == (mine.note, mine.evidence_url):
            raise NothingChanged("Nothing to save: the note and evidence link are as they were.")
        status = mine.status
    if status not in BLIND_STATUSES:
        raise ReviewError(
            "A blind review is verified, disputed or official-only; it cannot go back to "
            "unreviewed."
        )
    now = timezone.now()
    review = None
    settled = None
    for double in doubles:
        review = BlindReview.objects.create(
            assignment=double.assignment,
            claim_id=claim_id,
            editor=user,
            status=status,
            note=note,
            evidence_url=evidence_url,
        )
        AssignedClaim.objects.filter(
            assignment=double.assignment, claim_id=claim_id, editor=user, done_at__isnull=True
        ).update(done_at=now)
        settled = _evaluate(double, user) or settled
    return BlindResult(review, [d.state for d in doubles], settled)


def _current_tags(double: DoubleReview) -> dict[int, BlindReview]:
    """The latest blind review of each editor now assigned to the claim in the assignment."""
    assigned = AssignedClaim.objects.filter(
        assignment=double.assignment_id, claim_id=double.claim_id
    ).values("editor_id")
    latest = {}
    for row in (
        BlindReview.objects.filter(
            assignment=double.assignment_id, claim_id=double.claim_id, editor_id__in=assigned
        )
        .select_related("editor")
        .order_by("-id")
    ):
        latest.setdefault(row.editor_id, row)
    return latest


def _settle_note(tags) -> str:
    """Who agreed, with their notes: what the settle event shows once the rule allows."""
    names = " and ".join(t.editor.get_username() for t in tags)
    notes = [f"{t.editor.get_username()}: {t.note}" for t in tags if t.note]
    return "\n".join([f"{names} agree.", *notes])


def _evaluate(double: DoubleReview, user) -> Claim | None:
    """Brings the double review's state (and, on agreement, the claim's status) in line with
    the current blind tags; returns the claim when its status was written."""
    tags = sorted(_current_tags(double).values(), key=lambda t: t.pk)
    claim = None
    if len(tags) < 2:
        state = DoubleReview.State.OPEN
    elif len({t.status for t in tags}) == 1:
        state = DoubleReview.State.AGREED
        agreed = tags[0].status
        claim = Claim.objects.select_for_update().get(pk=double.claim_id)
        if claim.status != agreed or double.state != DoubleReview.State.AGREED:
            # The reviewers' notes stay in their blind reviews (and this event, which the claim
            # page hides from anyone still due to review): the claim's own note is unchanged.
            claim = _write(
                claim=claim,
                user=user,
                expected_version=claim.version,
                status=agreed,
                note=claim.note,
                evidence_url=claim.evidence_url,
                reviewed_by=user,
                reviewed_at=timezone.now(),
                event_note=_settle_note(tags),
                action="settle",
            )
        else:
            claim = None
    else:
        state = DoubleReview.State.DISAGREED
        if double.state == DoubleReview.State.AGREED:
            claim = _unsettle(double, user)
    if state != double.state:
        double.state = state
        double.save(update_fields=["state", "updated_at"])
    return claim


def _unsettle(double: DoubleReview, user) -> Claim | None:
    """An agreement that no longer holds (a reviewer changed their tag before resolution): the
    claim goes back to the status it had before it was settled, as a new settle event."""
    settle = (
        ReviewEvent.objects.filter(claim_id=double.claim_id, action="settle")
        .order_by("-id")
        .first()
    )
    if settle is None:
        return None
    claim = Claim.objects.select_for_update().get(pk=double.claim_id)
    before = (
        ReviewEvent.objects.filter(claim_id=double.claim_id, pk__lt=settle.pk)
        .select_related("user")
        .order_by("-id")
        .first()
    )
    status = before.to_status if before else Claim.Status.UNREVIEWED
    reviewed = status != Claim.Status.UNREVIEWED
    return _write(
        claim=claim,
        user=user,
        expected_version=claim.version,
        status=status,
        note=claim.note,
        evidence_url=claim.evidence_url,
        reviewed_by=(before.user if before else None) if reviewed else None,
        reviewed_at=(before.created_at if before else None) if reviewed else None,
        event_note="The blind reviews no longer agree: back to the status before they did, "
        "until a resolver decides.",
        action="settle",
    )
