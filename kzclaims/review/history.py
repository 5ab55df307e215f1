"""Undo and redo as history. `u` walks back the editor's own changes, most recent first, one
step at a time (a bulk tag is one step); `U` walks forward again. Each step writes new events
that point at the events they revert: nothing is ever rewritten or deleted.

A change that someone else has since built on (a later event of the same claim by another
user) is left alone: undoing it would overwrite their work, so the walk passes over it."""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from kzclaims.models import Claim, ReviewEvent

from .services import NothingToUndo, StaleClaim, _write


@dataclass
class Step:
    claims: list[Claim]
    message: str


def _untouched_by_others(user):
    later_by_others = ReviewEvent.objects.filter(
        claim_id=OuterRef("claim_id"), pk__gt=OuterRef("pk")
    ).exclude(user=user)
    return ~Exists(later_by_others)


def _undoable(user):
    undone = ReviewEvent.objects.filter(reverts_id=OuterRef("pk"), action="undo")
    return (
        ReviewEvent.objects.filter(user=user, action__in=["change", "redo"])
        .filter(~Exists(undone), _untouched_by_others(user))
        .order_by("-id")
    )


def _redoable(user):
    last_change = ReviewEvent.objects.filter(user=user, action="change").order_by("-id").first()
    redone = ReviewEvent.objects.filter(reverts_id=OuterRef("pk"), action="redo")
    events = ReviewEvent.objects.filter(user=user, action="undo").filter(
        ~Exists(redone), _untouched_by_others(user)
    )
    if last_change is not None:  # a new change ends what can be redone, as in any editor
        events = events.filter(pk__gt=last_change.pk)
    return events.order_by("-id")


def _step(candidates):
    """The newest candidate and, when it belongs to a bulk tag, the rest of its batch."""
    first = candidates.select_related("claim").first()
    if first is None:
        return []
    if first.batch is None:
        return [first]
    return list(candidates.select_related("claim").filter(batch=first.batch))


def _state_before(event: ReviewEvent):
    """The claim as it was just before `event`: the state its previous event left."""
    before = (
        ReviewEvent.objects.select_related("user")
        .filter(claim_id=event.claim_id, pk__lt=event.pk)
        .order_by("-id")
        .first()
    )
    return _state_after(before) if before else (Claim.Status.UNREVIEWED, "", "", None, None)


def _state_after(event: ReviewEvent):
    reviewed = event.to_status != Claim.Status.UNREVIEWED
    return (
        event.to_status,
        event.note,
        event.evidence_url,
        event.user if reviewed else None,
        event.created_at if reviewed else None,
    )


def _apply(events, user, action, state_of) -> list[Claim]:
    batch = uuid.uuid4() if len(events) > 1 else None
    claims = []
    for event in events:
        claim = Claim.objects.select_for_update().get(pk=event.claim_id)
        status, note, evidence, reviewed_by, reviewed_at = state_of(event)
        claims.append(
            _write(
                claim=claim,
                user=user,
                expected_version=claim.version,
                status=status,
                note=note,
                evidence_url=evidence,
                reviewed_by=reviewed_by,
                reviewed_at=reviewed_at,
                event_note=note,
                action=action,
                reverts=event,
                batch=batch,
            )
        )
    return claims


def _summary(verb, claims):
    if len(claims) == 1:
        claim = claims[0]
        return f"{verb} claim {claim.pk}: now {claim.get_status_display()}."
    return f"{verb} a bulk tag of {len(claims)} claims."


@transaction.atomic
def undo(user) -> Step:
    events = _step(_undoable(user))
    if not events:
        raise NothingToUndo("Nothing of yours to undo.")
    claims = _apply(events, user, "undo", _state_before)
    return Step(claims, _summary("Undone", claims))


@transaction.atomic
def redo(user) -> Step:
    events = _step(_redoable(user))
    if not events:
        raise NothingToUndo("Nothing to redo.")
    # Redoing an undo puts back the state the undone change had left.
    claims = _apply(events, user, "redo", lambda undo_event: _state_after(undo_event.reverts))
    return Step(claims, _summary("Redone", claims))


@transaction.atomic
def undo_claim(*, claim_id: int, user, expected_version: int) -> Claim:
    """The row's and panel's Undo button: walks back the editor's own changes of this one claim,
    most recent first (pressed again, it goes one further back; it never toggles)."""
    claim = Claim.objects.select_for_update().get(pk=claim_id)
    latest = ReviewEvent.objects.select_related("user").filter(claim_id=claim_id).first()
    if claim.version != expected_version:
        raise StaleClaim(claim, latest)
    if latest is None:
        raise NothingToUndo("There is no change to undo.")
    if latest.user_id != user.pk:
        who = latest.user.get_username() if latest.user else "someone"
        raise NothingToUndo(f"The last change was made by {who}; only they can undo it.")
    event = _undoable(user).filter(claim_id=claim_id).first()
    if event is None:
        raise NothingToUndo("None of your changes of this claim is left to undo.")
    return _apply([event], user, "undo", _state_before)[0]
