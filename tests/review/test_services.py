import pytest

from kzclaims.models import Claim, ReviewEvent
from kzclaims.review import history, services

from .conftest import make_article, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    article = make_article()
    return make_claim(article, "Constitutional order has been restored")


def test_tag_claim_writes_event_and_bumps_version(claim, editor):
    tagged = services.tag_claim(
        claim_id=claim.pk,
        user=editor,
        status="verified",
        note="Checked",
        evidence_url="https://example.org/a",
        expected_version=1,
    )
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.note) == ("verified", 2, "Checked")
    assert claim.reviewed_by == editor and claim.reviewed_at is not None
    assert tagged.version == 2
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.from_status, event.to_status, event.user) == ("unreviewed", "verified", editor)
    assert event.evidence_url == "https://example.org/a"


def test_stale_write_is_refused_and_names_the_winner(claim, editor, admin_user):
    services.tag_claim(claim_id=claim.pk, user=admin_user, status="disputed", expected_version=1)
    with pytest.raises(services.StaleClaim) as refused:
        services.tag_claim(
            claim_id=claim.pk, user=editor, status="verified", note="mine", expected_version=1
        )
    assert "ada changed this claim to Disputed" in str(refused.value)
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.note) == ("disputed", 2, "")
    assert ReviewEvent.objects.filter(claim=claim).count() == 1


def test_conditional_update_catches_a_race(claim, editor, monkeypatch):
    """Another writer bumps the version between the read and the UPDATE."""
    original = services._write

    def racing_write(**kwargs):
        Claim.objects.filter(pk=claim.pk).update(version=5, status="disputed")
        return original(**kwargs)

    monkeypatch.setattr(services, "_write", racing_write)
    with pytest.raises(services.StaleClaim):
        services.tag_claim(claim_id=claim.pk, user=editor, status="verified", expected_version=1)
    claim.refresh_from_db()
    # the whole write rolled back (the simulated racer's update ran in the same transaction)
    assert claim.status != "verified" and not ReviewEvent.objects.filter(claim=claim).exists()


def test_undo_restores_the_previous_review(claim, editor):
    services.tag_claim(
        claim_id=claim.pk, user=editor, status="verified", note="first", expected_version=1
    )
    services.tag_claim(
        claim_id=claim.pk, user=editor, status="disputed", note="second", expected_version=2
    )
    history.undo_claim(claim_id=claim.pk, user=editor, expected_version=3)
    claim.refresh_from_db()
    assert (claim.status, claim.note, claim.version) == ("verified", "first", 4)
    history.undo_claim(claim_id=claim.pk, user=editor, expected_version=4)
    claim.refresh_from_db()
    assert claim.status == "unreviewed"  # one further back, not a toggle
    events = list(ReviewEvent.objects.filter(claim=claim).order_by("id"))
    assert [e.to_status for e in events] == ["verified", "disputed", "verified", "unreviewed"]
    assert [e.action for e in events] == ["change", "change", "undo", "undo"]


def test_undo_back_to_unreviewed_clears_the_review(claim, editor):
    services.tag_claim(claim_id=claim.pk, user=editor, status="verified", expected_version=1)
    history.undo_claim(claim_id=claim.pk, user=editor, expected_version=2)
    claim.refresh_from_db()
    assert claim.status == "unreviewed" and claim.reviewed_by is None and claim.reviewed_at is None


def test_undo_refuses_someone_elses_change(claim, editor, admin_user):
    services.tag_claim(claim_id=claim.pk, user=admin_user, status="verified", expected_version=1)
    with pytest.raises(services.NothingToUndo, match="ada"):
        history.undo_claim(claim_id=claim.pk, user=editor, expected_version=2)
    with pytest.raises(services.NothingToUndo):
        history.undo_claim(
            claim_id=make_claim(make_article(), "5,969").pk, user=editor, expected_version=1
        )


def test_bulk_tag_reports_conflicts_and_tags_the_rest(editor, admin_user):
    article = make_article()
    a = make_claim(article, "the situation has stabilized")
    b = make_claim(article, "Constitutional order has been restored")
    services.tag_claim(claim_id=b.pk, user=admin_user, status="disputed", expected_version=1)
    result = services.bulk_tag(user=editor, status="official_only", versions={a.pk: 1, b.pk: 1})
    assert [c.pk for c in result.tagged] == [a.pk]
    assert [c.claim.pk for c in result.conflicts] == [b.pk]
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("official_only", "disputed")


def test_review_events_are_append_only(claim, editor):
    services.tag_claim(claim_id=claim.pk, user=editor, status="verified", expected_version=1)
    event = ReviewEvent.objects.get()
    event.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_a_note_is_saved_without_a_status_change_as_its_own_event(claim, editor):
    services.tag_claim(
        claim_id=claim.pk, user=editor, status="verified", note="", expected_version=1
    )
    noted = services.annotate_claim(
        claim_id=claim.pk,
        user=editor,
        note="Ministry release of 10 Jan",
        evidence_url="https://example.org/release",
        expected_version=2,
    )
    claim.refresh_from_db()
    assert (claim.status, claim.note, claim.version) == ("verified", noted.note, 3)
    assert claim.evidence_url == "https://example.org/release"
    assert claim.reviewed_by == editor
    last = ReviewEvent.objects.filter(claim=claim).first()
    assert (last.from_status, last.to_status, last.note) == (
        "verified",
        "verified",
        "Ministry release of 10 Jan",
    )
    assert ReviewEvent.objects.filter(claim=claim).count() == 2


def test_a_note_that_changes_nothing_or_comes_late_is_refused(claim, editor, admin_user):
    with pytest.raises(services.NothingChanged):
        services.annotate_claim(
            claim_id=claim.pk, user=editor, note="", evidence_url="", expected_version=1
        )
    services.tag_claim(claim_id=claim.pk, user=admin_user, status="disputed", expected_version=1)
    with pytest.raises(services.StaleClaim):
        services.annotate_claim(
            claim_id=claim.pk, user=editor, note="late", evidence_url="", expected_version=1
        )
    claim.refresh_from_db()
    assert (claim.note, claim.version) == ("", 2)
    assert ReviewEvent.objects.filter(claim=claim).count() == 1


def test_undo_walks_back_own_changes_most_recent_first_and_redo_walks_forward(editor):
    article = make_article()
    first, second = make_claim(article, "Constitutional order"), make_claim(article, "5,969")
    services.tag_claim(claim_id=first.pk, user=editor, status="verified", expected_version=1)
    services.tag_claim(
        claim_id=first.pk, user=editor, status="disputed", note="No", expected_version=2
    )
    services.tag_claim(claim_id=second.pk, user=editor, status="official_only", expected_version=1)

    def states():
        pair = Claim.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")
        return [(c.status, c.note) for c in pair]

    history.undo(editor)
    assert states() == [("disputed", "No"), ("unreviewed", "")]
    history.undo(editor)
    assert states() == [("verified", ""), ("unreviewed", "")]
    history.undo(editor)
    assert states() == [("unreviewed", ""), ("unreviewed", "")]
    with pytest.raises(services.NothingToUndo):
        history.undo(editor)
    history.redo(editor)
    assert states() == [("verified", ""), ("unreviewed", "")]
    history.redo(editor)
    assert states() == [("disputed", "No"), ("unreviewed", "")]
    history.undo(editor)  # the redo itself is undone
    assert states() == [("verified", ""), ("unreviewed", "")]
    # nothing was rewritten: 3 changes, 4 undos, 2 redos
    actions = list(ReviewEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions.count("change") == 3 and actions.count("undo") == 4
    assert actions.count("redo") == 2
    assert Claim.objects.get(pk=first.pk).reviewed_by == editor


def test_a_bulk_tag_undoes_as_one_step_and_others_changes_are_left_alone(editor, admin_user):
    article = make_article()
    claims = [make_claim(article, text) for text in ("Tokayev", "5,969", "peaceful")]
    services.tag_claim(claim_id=claims[0].pk, user=editor, status="disputed", expected_version=1)
    services.bulk_tag(user=editor, status="verified", versions={claims[1].pk: 1, claims[2].pk: 1})
    step = history.undo(editor)
    assert sorted(c.pk for c in step.claims) == [claims[1].pk, claims[2].pk]
    assert "bulk tag of 2" in step.message
    assert [Claim.objects.get(pk=c.pk).status for c in claims] == [
        "disputed",
        "unreviewed",
        "unreviewed",
    ]
    # ada builds on edith's remaining change: edith's undo passes over it
    services.tag_claim(
        claim_id=claims[0].pk, user=admin_user, status="verified", expected_version=2
    )
    with pytest.raises(services.NothingToUndo):
        history.undo(editor)
    assert Claim.objects.get(pk=claims[0].pk).status == "verified"
