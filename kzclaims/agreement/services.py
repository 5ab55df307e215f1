"""Deciding a disagreement. The resolver's status goes on the claim through the review service's
conditional write (a stale copy is refused with who changed what) as a ReviewEvent with action
"resolve", and the DoubleReview becomes "resolved" with who and when, all in one transaction.
The editors' BlindReview rows are never touched: the agreement figures keep the original tags."""

from django.db import transaction
from django.utils import timezone

from kzclaims.models import Claim, ClaimStatus, DoubleReview
from kzclaims.review.services import ReviewError, StaleClaim, _write

from .access import can_resolve

DECISIONS = [ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.OFFICIAL_ONLY]


class NotResolvable(ReviewError):
    """The disagreement is not (any more) for this user to decide."""


__all__ = ["DECISIONS", "NotResolvable", "ReviewError", "StaleClaim", "resolve"]


@transaction.atomic
def resolve(
    *, double_review_id: int, user, status: str, note: str = "", expected_version: int
) -> Claim:
    """Decides a disagreement if it is still one, `user` may decide it and the claim is still at
    `expected_version`; raises NotResolvable or StaleClaim otherwise, writing nothing."""
    if status not in DECISIONS:
        raise NotResolvable(f"A decision is verified, disputed or official-only, not {status!r}.")
    item = (
        DoubleReview.objects.select_for_update(of=("self",))
        .select_related("assignment", "resolved_by")
        .get(pk=double_review_id)
    )
    if not can_resolve(user, item.assignment):
        raise NotResolvable("Only an admin or this assignment's resolver may decide it.")
    if item.state != DoubleReview.State.DISAGREED:
        if item.state == DoubleReview.State.RESOLVED:
            who = item.resolved_by.get_username() if item.resolved_by else "someone"
            raise NotResolvable(f"{who} resolved this disagreement meanwhile.")
        raise NotResolvable(
            f"This claim is no longer in disagreement ({item.get_state_display()})."
        )
    claim = Claim.objects.get(pk=item.claim_id)
    now = timezone.now()
    claim = _write(
        claim=claim,
        user=user,
        expected_version=expected_version,
        status=status,
        note=note or claim.note,
        evidence_url=claim.evidence_url,
        reviewed_by=user,
        reviewed_at=now,
        event_note=note,
        action="resolve",
    )
    # Conditional as well: of two resolvers deciding at once only one moves it (SQLite has no
    # row lock for select_for_update; this UPDATE's WHERE is the guard there).
    moved = DoubleReview.objects.filter(pk=item.pk, state=DoubleReview.State.DISAGREED).update(
        state=DoubleReview.State.RESOLVED, resolved_by=user, resolved_at=now, updated_at=now
    )
    if not moved:
        raise NotResolvable("Someone resolved this disagreement meanwhile.")
    return claim
