"""Assignment, reassignment and blind review through the services, on the real database."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kzclaims.models import (
    AssignedClaim,
    AssignmentEvent,
    BlindReview,
    Claim,
    DoubleReview,
    ReviewEvent,
)
from kzclaims.review import services as review_services
from kzclaims.review.services import NothingChanged, ReviewError
from kzclaims.team import services
from tests.review.conftest import make_claims

from .conftest import assign

pytestmark = pytest.mark.django_db


def shares(assignment):
    return Counter(
        AssignedClaim.objects.filter(assignment=assignment).values_list(
            "editor__username", flat=True
        )
    )


def test_single_review_splits_claims_evenly_and_records_history(boss, alice, bob, carol, claims):
    assignment = assign(boss, [alice, bob, carol], claims, source_query="outlet=tass")
    assert shares(assignment) == {"alice": 2, "bob": 2, "carol": 2}
    assert (
        AssignedClaim.objects.filter(assignment=assignment).values("claim").distinct().count() == 6
    )
    assert not DoubleReview.objects.exists()
    events = list(AssignmentEvent.objects.filter(assignment=assignment).order_by("id"))
    assert [e.action for e in events] == ["create", "assign", "assign", "assign"]
    assert events[0].claim_count == 6 and events[0].detail["source_query"] == "outlet=tass"
    assert {(e.editor.username, e.claim_count) for e in events[1:]} == {
        ("alice", 2),
        ("bob", 2),
        ("carol", 2),
    }


def test_double_blind_gives_each_claim_to_two_different_editors_in_rotating_pairs(
    boss, alice, bob, carol, claims
):
    assignment = assign(boss, [alice, bob, carol], claims, reviews=2)
    per_claim = Counter(
        AssignedClaim.objects.filter(assignment=assignment).values_list("claim_id", flat=True)
    )
    assert set(per_claim.values()) == {2}
    assert shares(assignment) == {"alice": 4, "bob": 4, "carol": 4}
    pairs = Counter(
        tuple(
            sorted(
                AssignedClaim.objects.filter(assignment=assignment, claim=c).values_list(
                    "editor__username", flat=True
                )
            )
        )
        for c in claims
    )
    assert pairs == {("alice", "bob"): 2, ("alice", "carol"): 2, ("bob", "carol"): 2}
    assert DoubleReview.objects.filter(assignment=assignment, state="open").count() == 6


def test_assigning_many_claims_is_bulk_inserts_not_a_query_per_claim(boss, alice, bob):
    alice.has_perm("kzclaims.tag_claim"), bob.has_perm("kzclaims.tag_claim")  # load perms once
    counts = []
    for n in (10, 120):
        claims = make_claims(n)
        with CaptureQueriesContext(connection) as ctx:
            assign(boss, [alice, bob], claims, reviews=2)
        counts.append(len(ctx.captured_queries))
    # 240 assigned rows and 120 double reviews: the same statements as for 20 and 10 (one
    # INSERT … SELECT each), never one per claim or per batch.
    assert counts[1] == counts[0], counts


def test_a_query_is_assigned_in_the_database_with_its_slice_and_rotation(boss, alice, bob, carol):
    """The assign page passes the queue's query, not its ids: its filter and slice are what is
    assigned, each claim once, the rotation in claim id order (editors by id)."""
    make_claims(7)
    chosen = Claim.objects.order_by("-pk").values_list("pk", flat=True)[:5]
    expected = sorted(chosen)
    assignment = assign_query(boss, [carol, alice, bob], chosen)
    assert assignment.claim_count == 5
    rows = AssignedClaim.objects.filter(assignment=assignment).order_by("claim_id")
    assert [r.claim_id for r in rows] == expected
    by_pk = sorted([alice, bob, carol], key=lambda e: e.pk)
    assert [r.editor_id for r in rows] == [by_pk[i % 3].pk for i in range(5)]
    creates = AssignmentEvent.objects.filter(assignment=assignment, action="assign")
    assert {e.editor.username: e.claim_count for e in creates} == shares(assignment)


def test_blind_pairs_from_a_query_and_repeated_ids_count_once(boss, alice, bob, carol, claims):
    ids = [c.pk for c in claims]
    assignment = assign_query(boss, [alice, bob, carol], ids + ids[:2], reviews=2)
    assert assignment.claim_count == 6
    assert DoubleReview.objects.filter(assignment=assignment).count() == 6
    assert AssignmentEvent.objects.get(assignment=assignment, action="create").claim_count == 6
    assert sum(shares(assignment).values()) == 12


def test_an_empty_query_is_refused(boss, alice):
    with pytest.raises(services.AssignmentError, match="nothing to assign"):
        assign_query(boss, [alice], Claim.objects.none().values_list("pk", flat=True))
    assert not AssignedClaim.objects.exists() and not AssignmentEvent.objects.exists()


def assign_query(boss, editors, claim_ids, reviews=1):
    return services.create_assignment(
        user=boss, title="Q", editors=editors, reviews_required=reviews, claim_ids=claim_ids
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "title"),
        ({"editors": []}, "at least one editor"),
        ({"reviews_required": 2, "editors": "one"}, "at least two editors"),
        ({"claim_ids": []}, "nothing to assign"),
        ({"editors": "viewer"}, "May not tag"),
    ],
)
def test_refusals_change_nothing(boss, alice, bob, viewer, claims, kwargs, message):
    args = {
        "user": boss,
        "title": "Work",
        "editors": [alice, bob],
        "reviews_required": 1,
        "claim_ids": [c.pk for c in claims],
    }
    if kwargs.get("editors") == "one":
        kwargs["editors"] = [alice]
    if kwargs.get("editors") == "viewer":
        kwargs["editors"] = [alice, viewer]
    args.update(kwargs)
    with pytest.raises(services.AssignmentError, match=message):
        services.create_assignment(**args)
    assert not AssignedClaim.objects.exists() and not AssignmentEvent.objects.exists()


def test_single_review_tag_marks_done_and_reset_puts_it_back(boss, alice, claims):
    assign(boss, [alice], claims[:2])
    claim = claims[0]
    review_services.tag_claim(claim_id=claim.pk, user=alice, status="verified", expected_version=1)
    row = AssignedClaim.objects.get(claim=claim)
    assert row.done_at is not None
    review_services.tag_claim(
        claim_id=claim.pk, user=alice, status="unreviewed", expected_version=2
    )
    assert AssignedClaim.objects.get(claim=claim).done_at is None


def test_reassign_moves_only_remaining_claims_and_is_kept_in_history(
    boss, alice, bob, carol, claims
):
    assignment = assign(boss, [alice, bob], claims)
    alice_claims = list(
        AssignedClaim.objects.filter(assignment=assignment, editor=alice).values_list(
            "claim_id", flat=True
        )
    )
    review_services.tag_claim(
        claim_id=alice_claims[0], user=alice, status="disputed", expected_version=1
    )
    result = services.reassign(assignment=assignment, user=boss, from_editor=alice, to_editor=carol)
    assert (result.moved, result.kept) == (2, 0)
    assert shares(assignment) == {"alice": 1, "bob": 3, "carol": 2}
    assert (
        AssignedClaim.objects.get(assignment=assignment, editor=alice).claim_id == alice_claims[0]
    )
    event = AssignmentEvent.objects.filter(action="reassign").get()
    assert (event.editor, event.to_editor, event.claim_count, event.user) == (alice, carol, 2, boss)
    with pytest.raises(services.AssignmentError, match="no remaining claims"):
        services.reassign(assignment=assignment, user=boss, from_editor=alice, to_editor=carol)


def test_reassign_in_double_blind_never_gives_a_claim_to_both_its_reviewers(
    boss, alice, bob, claims
):
    assignment = assign(boss, [alice, bob], claims[:3], reviews=2)
    result = services.reassign(assignment=assignment, user=boss, from_editor=alice, to_editor=bob)
    assert (result.moved, result.kept) == (0, 3)
    assert AssignmentEvent.objects.get(action="reassign").detail == {"kept": 3}


# --- blind review ------------------------------------------------------------------------


@pytest.fixture
def double(boss, alice, bob, claims):
    assign(boss, [alice, bob], claims[:1], reviews=2)
    return claims[0]


def state(claim):
    return DoubleReview.objects.get(claim=claim).state


def test_agreeing_blind_tags_settle_the_claim_through_a_settle_event(alice, bob, double):
    first = services.blind_tag(claim_id=double.pk, user=alice, status="verified", note="seen A")
    assert "hidden from the other reviewer" in first.message
    claim = Claim.objects.get(pk=double.pk)
    assert claim.status == "unreviewed" and claim.version == 1  # a blind tag is not the claim's
    assert state(double) == "open"
    assert AssignedClaim.objects.get(claim=double, editor=alice).done_at is not None
    assert AssignedClaim.objects.get(claim=double, editor=bob).done_at is None
    second = services.blind_tag(claim_id=double.pk, user=bob, status="verified", note="seen B")
    assert "agree" in second.message
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("verified", 2)
    assert state(double) == "agreed"
    event = ReviewEvent.objects.get(claim=double)
    assert (event.action, event.from_status, event.to_status, event.user) == (
        "settle",
        "unreviewed",
        "verified",
        bob,
    )
    assert "alice: seen A" in event.note and "bob: seen B" in event.note


def test_differing_blind_tags_are_a_disagreement_and_the_status_stays(alice, bob, double):
    services.blind_tag(claim_id=double.pk, user=alice, status="verified")
    result = services.blind_tag(claim_id=double.pk, user=bob, status="disputed")
    assert "resolver" in result.message
    assert state(double) == "disagreed"
    assert Claim.objects.get(pk=double.pk).status == "unreviewed"
    assert not ReviewEvent.objects.filter(claim=double).exists()


def test_a_changed_blind_tag_before_resolution_is_evaluated_again(alice, bob, double):
    services.blind_tag(claim_id=double.pk, user=alice, status="verified")
    services.blind_tag(claim_id=double.pk, user=bob, status="disputed")
    services.blind_tag(claim_id=double.pk, user=bob, status="verified")  # now they agree
    assert state(double) == "agreed"
    assert Claim.objects.get(pk=double.pk).status == "verified"
    services.blind_tag(claim_id=double.pk, user=alice, status="official_only")  # no longer
    assert state(double) == "disagreed"
    claim = Claim.objects.get(pk=double.pk)
    assert claim.status == "unreviewed" and claim.reviewed_by is None
    assert list(
        ReviewEvent.objects.filter(claim=double).order_by("id").values_list("action", "to_status")
    ) == [("settle", "verified"), ("settle", "unreviewed")]
    # Append-only: every tag is a row, the first of each editor is their original tag.
    assert list(
        BlindReview.objects.filter(claim=double)
        .order_by("id")
        .values_list("editor__username", "status")
    ) == [
        ("alice", "verified"),
        ("bob", "disputed"),
        ("bob", "verified"),
        ("alice", "official_only"),
    ]


def test_blind_refusals(alice, bob, carol, double):
    with pytest.raises(services.NotBlindReviewer):
        services.blind_tag(claim_id=double.pk, user=carol, status="verified")
    with pytest.raises(ReviewError, match="cannot go back to unreviewed"):
        services.blind_tag(claim_id=double.pk, user=alice, status="unreviewed")
    with pytest.raises(ReviewError, match="Choose a tag first"):
        services.blind_tag(claim_id=double.pk, user=alice, status="", note="only a note")
    services.blind_tag(claim_id=double.pk, user=alice, status="disputed", note="n")
    with pytest.raises(NothingChanged):
        services.blind_tag(claim_id=double.pk, user=alice, status="", note="n")
    result = services.blind_tag(claim_id=double.pk, user=alice, status="", note="more")
    assert (result.review.status, result.review.note) == ("disputed", "more")
    assert not BlindReview.objects.filter(editor=carol).exists()


def test_a_resolved_double_review_takes_no_more_blind_tags(alice, bob, double):
    DoubleReview.objects.filter(claim=double).update(state="resolved")  # as the resolver does
    with pytest.raises(services.NotBlindReviewer):
        services.blind_tag(claim_id=double.pk, user=alice, status="verified")
