"""Review writes. Every change of a claim's status is one ReviewEvent and one conditional
UPDATE of the claim that bumps its version, so two editors never silently overwrite each other:
a write that carries an older version is refused with the change that beat it."""

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kzclaims.models import AssignedClaim, Claim, ReviewEvent


class ReviewError(Exception):
    """A review write that was refused; the message is for the editor."""


class StaleClaim(ReviewError):
    """The claim changed since the editor loaded it."""

    def __init__(self, claim: Claim, event: ReviewEvent | None):
        self.claim = claim
        self.event = event
        if event is not None:
            who = event.user.get_username() if event.user else "someone"
            what = event.get_to_status_display()
            message = f"{who} changed this claim to {what} meanwhile; nothing was overwritten."
        else:
            message = "This claim changed meanwhile; nothing was overwritten."
        super().__init__(message)


class NothingToUndo(ReviewError):
    pass


def _latest_event(claim_id: int) -> ReviewEvent | None:
    return ReviewEvent.objects.select_related("user").filter(claim_id=claim_id).first()


def _write(
    *,
    claim: Claim,
    user,
    expected_version: int,
    status: str,
    note: str,
    evidence_url: str,
    reviewed_by,
    reviewed_at,
    event_note: str,
    action: str = "change",
    reverts: ReviewEvent | None = None,
    batch=None,
) -> Claim:
    """The conditional UPDATE and its event; raises StaleClaim when the version moved."""
    if claim.version != expected_version:
        raise StaleClaim(claim, _latest_event(claim.pk))
    updated = Claim.objects.filter(pk=claim.pk, version=expected_version).update(
        status=status,
        note=note,
        evidence_url=evidence_url,
        reviewed_by=reviewed_by,
        reviewed_at=reviewed_at,
        version=F("version") + 1,
    )
    if not updated:
        fresh = Claim.objects.get(pk=claim.pk)
        raise StaleClaim(fresh, _latest_event(claim.pk))
    ReviewEvent.objects.create(
        claim=claim,
        user=user,
        from_status=claim.status,
        to_status=status,
        note=event_note,
        evidence_url=evidence_url,
        action=action,
        reverts=reverts,
        batch=batch,
    )
    claim.status, claim.note, claim.evidence_url = status, note, evidence_url
    claim.reviewed_by, claim.reviewed_at = reviewed_by, reviewed_at
    claim.version = expected_version + 1
    return claim


@transaction.atomic
def tag_claim(
    *,
    claim_id: int,
    user,
    status: str,
    note: str = "",
    evidence_url: str = "",
    expected_version: int,
    batch=None,
) -> Claim:
    """Sets a claim's status (with the editor's note and evidence link) if nobody changed it
    since `expected_version`; raises StaleClaim otherwise, leaving everything as it was."""
    if status not in Claim.Status.values:
        raise ReviewError(f"Unknown status {status!r}.")
    claim = Claim.objects.get(pk=claim_id)
    now = timezone.now()
    reviewed = status != Claim.Status.UNREVIEWED
    claim = _write(
        claim=claim,
        user=user,
        expected_version=expected_version,
        status=status,
        note=note,
        evidence_url=evidence_url,
        reviewed_by=user if reviewed else None,
        reviewed_at=now if reviewed else None,
        event_note=note,
        batch=batch,
    )
    _mark_assigned(claim_id=claim_id, user=user, reviewed=reviewed, now=now)
    return claim


def _mark_assigned(*, claim_id: int, user, reviewed: bool, now) -> None:
    """A tag of a claim assigned to the editor for one review (kzclaims/team/) takes it out of
    their queue; a reset to unreviewed puts it back. Double-blind claims are marked by the blind
    review service instead."""
    rows = AssignedClaim.objects.filter(
        claim_id=claim_id, editor=user, assignment__reviews_required=1
    )
    if reviewed:
        rows.filter(done_at__isnull=True).update(done_at=now)
    else:
        rows.filter(done_at__isnull=False).update(done_at=None)


class NothingChanged(ReviewError):
    pass


@transaction.atomic
def annotate_claim(
    *, claim_id: int, user, note: str, evidence_url: str, expected_version: int
) -> Claim:
    """Saves a note or evidence link without touching the status: its own event, whose from and
    to status are the same (the history shows it as a note, not as a status change)."""
    claim = Claim.objects.get(pk=claim_id)
    if claim.version != expected_version:
        raise StaleClaim(claim, _latest_event(claim.pk))
    if (note, evidence_url) == (claim.note, claim.evidence_url):
        raise NothingChanged("Nothing to save: the note and evidence link are as they were.")
    return _write(
        claim=claim,
        user=user,
        expected_version=expected_version,
        status=claim.status,
        note=note,
        evidence_url=evidence_url,
        reviewed_by=claim.reviewed_by,
        reviewed_at=claim.reviewed_at,
        event_note=note,
    )


@dataclass
class BulkResult:
    tagged: list[Claim] = field(default_factory=list)
    conflicts: list[StaleClaim] = field(default_factory=list)


def bulk_tag(*, user, status: str, versions: dict[int, int], note: str = "") -> BulkResult:
    """Tags each selected claim (id → the version the editor saw) in its own transaction; the
    ones that changed meanwhile are reported, not overwritten."""
    result = BulkResult()
    batch = uuid.uuid4()  # the bulk tag undoes as one step
    for claim_id, version in versions.items():
        try:
            claim = tag_claim(
                claim_id=claim_id,
                user=user,
                status=status,
                note=note,
                expected_version=version,
                batch=batch,
            )
        except StaleClaim as conflict:
            result.conflicts.append(conflict)
        except Claim.DoesNotExist:
            continue
        else:
            result.tagged.append(claim)
    return result
