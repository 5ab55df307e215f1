"""Team review reads: who may see which blind review (the blind rule, in one place), what a page
of claims needs to show an editor's own blind review, the notification counts, and the progress
of assignments. Each reads a fixed number of rows per page, never every claim."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse

from kzclaims.agreement.selectors import disagreements
from kzclaims.models import (
    AssignedClaim,
    Assignment,
    AssignmentEvent,
    BlindReview,
    Claim,
    DoubleReview,
)
from kzclaims.roles import is_admin

TAG_PERMISSION = "kzclaims.tag_claim"
# A double review an editor may still (re)tag blind: until a resolver decides.
UNRESOLVED = [DoubleReview.State.OPEN, DoubleReview.State.AGREED, DoubleReview.State.DISAGREED]


def can_tag(user) -> bool:
    return user.is_active and user.has_perm(TAG_PERMISSION)


def can_assign(user) -> bool:
    """Admins hand out work and see every blind tag: kzclaims.roles says who they are."""
    return is_admin(user)


def editors():
    """Everyone who may tag claims, by name: the people work can be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="tag_claim")
            | Q(user_permissions__codename="tag_claim")
        )
        .distinct()
        .order_by("username")
    )


def resolvers():
    """Who may decide disagreements: editors and admins."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(is_staff=True)
            | Q(groups__permissions__codename="tag_claim")
            | Q(user_permissions__codename="tag_claim")
        )
        .distinct()
        .order_by("username")
    )


# --- the blind rule ---------------------------------------------------------------------------


def _blind_rows(user):
    """The user's assigned rows in double reviews still open to blind tags (unresolved)."""
    unresolved = DoubleReview.objects.filter(
        assignment_id=OuterRef("assignment_id"), claim_id=OuterRef("claim_id"), state__in=UNRESOLVED
    )
    return AssignedClaim.objects.filter(editor=user, assignment__reviews_required=2).filter(
        Exists(unresolved)
    )


def _assigned_blind_rows(user, claim_ids):
    """(assignment, claim, done) of the user's rows in unresolved double reviews of these
    claims."""
    if not claim_ids or not user.is_authenticated:
        return []
    return list(
        _blind_rows(user)
        .filter(claim_id__in=claim_ids)
        .values_list("assignment_id", "claim_id", "done_at")
    )


def visible_blind_reviews(user, claim_ids, *, assigned_rows=None) -> dict[int, list[BlindReview]]:
    """The blind rule. For each claim, the current blind review (the latest row) of each editor
    that `user` may see: their own always; another editor's only once the user has submitted
    their own in that assignment, or when the user is an admin or the assignment's resolver and
    not themselves still due to review it. Everything that shows a blind review reads it here."""
    claim_ids = list(claim_ids)
    if not claim_ids or not user.is_authenticated:
        return {}
    if assigned_rows is None:
        assigned_rows = _assigned_blind_rows(user, claim_ids)
    due = {(a, c) for a, c, done in assigned_rows if done is None}
    rows = (
        BlindReview.objects.filter(claim_id__in=claim_ids)
        .select_related("editor", "assignment")
        .order_by("-id")
    )
    latest: dict[tuple[int, int, int | None], BlindReview] = {}
    for row in rows:
        latest.setdefault((row.assignment_id, row.claim_id, row.editor_id), row)
    submitted = {(a, c) for (a, c, e) in latest if e == user.pk}
    admin = can_assign(user)
    visible: dict[int, list[BlindReview]] = {}
    for (a, c, e), row in latest.items():
        if e == user.pk:
            allowed = True
        elif (a, c) in due:
            allowed = False  # still to review it: never another editor's tag first
        else:
            allowed = (a, c) in submitted or admin or row.assignment.resolver_id == user.pk
        if allowed:
            visible.setdefault(c, []).append(row)
    for reviews in visible.values():
        reviews.sort(key=lambda r: (r.editor_id != user.pk, r.pk))
    return visible


@dataclass
class BlindInfo:
    """What a claim's row or panel shows its viewer of a double-blind review."""

    reviewing: bool = False  # the viewer is an assigned reviewer: tag buttons write blind
    # ... and has not submitted yet: the claim's own review is hidden (hide_public_review)
    due: bool = False
    mine: BlindReview | None = None
    others: list[BlindReview] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.reviewing or bool(self.others)


# A claim's own review as a viewer still due to review the claim blind is shown it (the blind
# rule, hide_public_review): unreviewed, by no one, with no note or evidence. By field name; the
# exports blank their columns of these fields with the same values.
HIDDEN_REVIEW = {
    "status": Claim.Status.UNREVIEWED.value,
    "reviewed_by": None,
    "reviewed_at": None,
    "note": "",
    "evidence_url": "",
}


def hide_public_review(claim, user) -> None:
    """The blind rule for the claim's own review. A reviewer still due to tag a claim blind
    sees no one's tag or note on it, and a claim's public status is one: set by an earlier
    single review, an earlier agreement or a resolution, it would tell them another editor's
    verdict before they give their own. So, until they have tagged it, the claim shows them
    as unreviewed, with no reviewer, note or evidence, and its history keeps only their own
    events (a settle or resolve event names the reviewers' tags). Only the instance the page
    shows changes: nothing here is saved."""
    for name, value in HIDDEN_REVIEW.items():
        setattr(claim, name, value)
    if hasattr(claim, "history"):
        claim.history = [e for e in claim.history if e.user_id == user.pk]


def attach_blind(user, claims):
    """Sets `claim.blind` (a BlindInfo) on each claim, in two queries whatever their number,
    and hides the claim's own review (status, note, evidence, reviewer, others' history) from
    a viewer still due to review it blind (hide_public_review). Every page that shows a claim
    passes it through here."""
    claims = list(claims)
    ids = [c.pk for c in claims]
    rows = _assigned_blind_rows(user, ids)
    reviewing = {c for _, c, _ in rows}
    due = {c for _, c, done in rows if done is None}
    visible = visible_blind_reviews(user, ids, assigned_rows=rows)
    for claim in claims:
        reviews = visible.get(claim.pk, [])
        mine = next((r for r in reviews if r.editor_id == user.pk), None)
        claim.blind = BlindInfo(
            reviewing=claim.pk in reviewing,
            due=claim.pk in due,
            mine=mine if claim.pk in reviewing else None,
            others=[r for r in reviews if r.editor_id != user.pk],
        )
        if claim.pk in due:
            hide_public_review(claim, user)
    return claims


def hide_reviews_due(user, claims):
    """hide_public_review for a page that shows claims' statuses but no blind reviews (the
    compare page): one query, the user's rows due among these claims."""
    claims = list(claims)
    rows = _assigned_blind_rows(user, [c.pk for c in claims])
    due = {c for _, c, done in rows if done is None}
    for claim in claims:
        if claim.pk in due:
            hide_public_review(claim, user)
    return claims


def _due_rows(user):
    """The user's rows still due: claims they are to review blind and have not tagged yet."""
    return _blind_rows(user).filter(done_at__isnull=True)


def _has_due(user) -> bool:
    """Whether the user has any claim to review blind (most users: no; one indexed query)."""
    return user.is_authenticated and _due_rows(user).exists()


def status_hidden_from(user):
    """For the queue's status filter and sort (kzclaims.claim_filters): None when the user has
    no claim to review blind (one query), else the ids of the claims whose status they may not
    see yet, as a subquery."""
    if not _has_due(user):
        return None
    return _due_rows(user).order_by().values("claim_id")


def hidden_review_ids(user):
    """For the exports, which read plain rows rather than claims (hide_public_review): None when
    the user has no claim to review blind (most users: one query), else a function from a
    chunk's claim ids to those whose own review the user may not see yet (one query a chunk)."""
    if not _has_due(user):
        return None

    def hidden(claim_ids) -> set[int]:
        return set(
            _due_rows(user).filter(claim_id__in=claim_ids).values_list("claim_id", flat=True)
        )

    return hidden


def without_hidden_reviews(user, claims):
    """`claims` without those whose own review the user may not see yet: for the exports that
    publish a review (ClaimReview, Fact Check Tools), where a hidden one has nothing to say."""
    if not user.is_authenticated:
        return claims
    return claims.exclude(Exists(_due_rows(user).filter(claim_id=OuterRef("pk"))))


def reviewing_claim_ids(user, claim_ids) -> set[int]:
    """The claims among these whose tag buttons write a blind review for this user."""
    return {c for _, c, _ in _assigned_blind_rows(user, list(claim_ids))}


# --- notifications ----------------------------------------------------------------------------


@dataclass
class Notice:
    awaiting: int = 0
    disagreed: int = 0
    resolve_url: str = ""


class _Count(Subquery):
    """count(*) of a queryset as a scalar subquery, so several counts share one query."""

    template = "(SELECT count(*) FROM (%(subquery)s) _n)"
    output_field = IntegerField()


def _resolve_url() -> str:
    return reverse("agreement:resolve")


def notice_for(request) -> Notice:
    """How many claims await the user (their open assigned rows) and, for a resolver or an
    admin, how many disagreements wait for a decision: one query with two indexed counts,
    cached on the request."""
    cached = getattr(request, "_team_notice", None)
    if cached is not None:
        return cached
    user = request.user
    notice = Notice()
    if user.is_authenticated and (can_tag(user) or can_assign(user)):
        # Whose disagreements are whose is the resolution queue's rule (kzclaims.agreement).
        disagreed = disagreements(user)
        awaiting = AssignedClaim.objects.filter(editor=user, done_at__isnull=True)

        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(
                awaiting=_Count(awaiting.order_by().values("pk")),
                disagreed=_Count(disagreed.order_by().values("pk")),
            )
            .values("awaiting", "disagreed")
            .first()
        ) or {"awaiting": 0, "disagreed": 0}
        notice = Notice(row["awaiting"], row["disagreed"], _resolve_url())
    request._team_notice = notice
    return notice


# --- progress ---------------------------------------------------------------------------------

ASSIGNMENTS_PER_PAGE = 20


@dataclass
class Progress:
    editor: object
    done: int
    remaining: int

    @property
    def total(self):
        return self.done + self.remaining


def _progress_by(items, key):
    """{key value: (done, remaining)} from the assignment progress index."""
    rows = (
        items.order_by()
        .values(key)
        .annotate(
            done=Count("id", filter=Q(done_at__isnull=False)),
            remaining=Count("id", filter=Q(done_at__isnull=True)),
        )
    )
    return {row[key]: (row["done"], row["remaining"]) for row in rows}


def assignments_page(page_number=1):
    """One page of assignments, newest first, each with its claim count and done / remaining."""
    page = Paginator(
        Assignment.objects.select_related("created_by", "resolver"), ASSIGNMENTS_PER_PAGE
    ).get_page(page_number)
    assignments = list(page.object_list)
    totals = _progress_by(
        AssignedClaim.objects.filter(assignment__in=[a.pk for a in assignments]), "assignment"
    )
    for assignment in assignments:
        assignment.done, assignment.remaining = totals.get(assignment.pk, (0, 0))
    return page, assignments


def assignment_progress(assignment: Assignment):
    """Per editor done / remaining, the double reviews by state, and the history."""
    per_editor = _progress_by(assignment.items.all(), "editor")
    users = get_user_model().objects.in_bulk(list(per_editor))
    progress = sorted(
        (Progress(users[pk], *counts) for pk, counts in per_editor.items() if pk in users),
        key=lambda p: p.editor.get_username(),
    )
    states = dict(
        assignment.double_reviews.order_by()
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    state_counts = [(label, states.get(value, 0)) for value, label in DoubleReview.State.choices]
    history = list(
        AssignmentEvent.objects.filter(assignment=assignment).select_related(
            "user", "editor", "to_editor"
        )
    )
    return progress, state_counts, history


def editor_progress(editor):
    """The editor's assignments with their done / remaining, newest first."""
    per_assignment = _progress_by(AssignedClaim.objects.filter(editor=editor), "assignment")
    assignments = list(
        Assignment.objects.filter(pk__in=list(per_assignment)).select_related("resolver")
    )
    for assignment in assignments:
        assignment.done, assignment.remaining = per_assignment[assignment.pk]
    return assignments


def can_see_assignment(user, assignment: Assignment) -> bool:
    return can_assign(user) or assignment.resolver_id == user.pk
