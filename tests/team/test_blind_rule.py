"""The blind rule on every surface a client can request: an editor never sees another editor's
blind tag, note or evidence on a claim before submitting their own — pages, partials requested
directly, exports, the speaker and compare pages — while admins and the resolver do."""

import csv
import io
import json

import pytest
from django.urls import reverse

from kzclaims.models import Claim
from kzclaims.review import services as review_services
from kzclaims.team import services

from .conftest import assign

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SECRET_NOTE = "SECRET-NOTE-OF-ALICE"
SECRET_URL = "https://alice.example/secret-evidence"


@pytest.fixture
def blind_claim(boss, alice, bob, review_data):
    claim = review_data[1]  # "Constitutional order has been restored", Interfax
    assign(boss, [alice, bob], [claim], reviews=2, resolver=None)
    services.blind_tag(
        claim_id=claim.pk, user=alice, status="disputed", note=SECRET_NOTE, evidence_url=SECRET_URL
    )
    return claim


def surfaces(claim):
    row = reverse("review:claim_row", args=[claim.pk])
    panel = reverse("review:claim_panel", args=[claim.pk])
    return [
        (reverse("review:queue"), {}),
        (reverse("review:queue") + "?assigned=", {}),
        (reverse("review:queue") + "?assigned=me", {}),
        (reverse("review:queue") + "?assigned=me", {**HTMX, "HX-Target": "results"}),
        (reverse("review:claim", args=[claim.pk]), {}),
        (row, HTMX),
        (row, {}),
        (panel, HTMX),
        (panel, {}),
        (reverse("review:article", args=[claim.article_id]), {}),
        (reverse("review:speaker", args=[claim.speaker_id]), {}),
        (reverse("comparison:compare"), {}),
        (reverse("exports:csv"), {}),
        (reverse("exports:csv") + "?assigned=me", {}),
        (reverse("exports:jsonl"), {}),
        (reverse("exports:claimreview"), {}),
        (reverse("exports:factcheck"), {}),
    ]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def leaks(client, claim):
    """The surfaces whose answer shows Alice's blind review to the client's user."""
    found = []
    for url, headers in surfaces(claim):
        response = client.get(url, follow=True, headers=headers)
        assert response.status_code == 200, url
        html = body(response)
        if SECRET_NOTE in html or "alice.example" in html or "alice:" in html:
            found.append(url)
    return found


def test_the_other_reviewer_sees_nothing_of_alices_blind_review_anywhere(client, bob, blind_claim):
    client.force_login(bob)
    assert leaks(client, blind_claim) == []
    # Bob's row says the claim is his to review blind, with nothing of Alice's.
    html = client.get(reverse("review:claim_row", args=[blind_claim.pk]), headers=HTMX)
    assert "not tagged by you yet" in html.content.decode()
    assert "blind-others" not in html.content.decode()


def test_an_editor_outside_the_review_sees_nothing_either(client, carol, blind_claim):
    client.force_login(carol)
    assert leaks(client, blind_claim) == []


def test_alice_sees_her_own_and_admins_see_it(client, alice, boss, blind_claim):
    client.force_login(alice)
    html = client.get(reverse("review:claim", args=[blind_claim.pk])).content.decode()
    assert SECRET_NOTE in html and "your tag:" in html
    client.force_login(boss)
    html = client.get(reverse("review:claim", args=[blind_claim.pk])).content.decode()
    assert SECRET_NOTE in html and "alice:" in html
    # ... never through the exports, which hold only the claims' own fields.
    assert SECRET_NOTE not in body(client.get(reverse("exports:jsonl")))


def test_the_assignments_resolver_sees_it(client, boss, alice, bob, carol, review_data):
    claim = review_data[2]
    assign(boss, [alice, bob], [claim], reviews=2, resolver=carol)
    services.blind_tag(claim_id=claim.pk, user=alice, status="verified", note=SECRET_NOTE)
    client.force_login(carol)
    assert SECRET_NOTE in client.get(reverse("review:claim", args=[claim.pk])).content.decode()


def test_once_bob_has_tagged_he_sees_alices_review(client, bob, blind_claim):
    services.blind_tag(claim_id=blind_claim.pk, user=bob, status="verified", note="bob's view")
    client.force_login(bob)
    html = client.get(reverse("review:claim", args=[blind_claim.pk])).content.decode()
    assert SECRET_NOTE in html and "bob&#x27;s view" in html
    assert Claim.objects.get(pk=blind_claim.pk).status == "unreviewed"  # they disagree


def test_settle_events_are_hidden_from_a_reviewer_still_due(
    client, boss, alice, bob, carol, review_data
):
    """A claim settled by Alice and Bob, then given to Carol and Bob... in a second double-blind
    assignment: its settle event (which names both tags and notes) is not shown to Carol until
    she has tagged it."""
    claim = review_data[3]
    assign(boss, [alice, bob], [claim], reviews=2)
    services.blind_tag(claim_id=claim.pk, user=alice, status="verified", note=SECRET_NOTE)
    services.blind_tag(claim_id=claim.pk, user=bob, status="verified")
    assign(boss, [carol, alice], [claim], reviews=2, title="Second look")
    client.force_login(carol)
    url = reverse("review:claim", args=[claim.pk])
    html = client.get(url).content.decode()
    assert "Settled by agreement" not in html and SECRET_NOTE not in html
    panel = client.get(reverse("review:claim_panel", args=[claim.pk]), headers=HTMX)
    assert "Settled by agreement" not in panel.content.decode()
    services.blind_tag(claim_id=claim.pk, user=carol, status="verified")
    html = client.get(url).content.decode()
    assert "Settled by agreement" in html and SECRET_NOTE in html


# --- the claim's own review is another editor's tag too -------------------------------------

PUBLIC_NOTE = "PUBLIC-NOTE-OF-CAROL"
PUBLIC_URL = "https://carol.example/public-evidence"


@pytest.fixture
def reviewed_then_blind(boss, alice, bob, carol, review_data):
    """A claim Carol tagged disputed in single review (with a note and evidence), then given
    to Alice and Bob for two blind reviews: its public status is Carol's verdict."""
    claim = review_data[1]
    review_services.tag_claim(
        claim_id=claim.pk,
        user=carol,
        status="disputed",
        note=PUBLIC_NOTE,
        evidence_url=PUBLIC_URL,
        expected_version=claim.version,
    )
    assign(boss, [alice, bob], [claim], reviews=2, title="Second opinion")
    return claim


LEGEND = '<span class="badge st-disputed">Disputed</span>'  # the article reader's key of colours


def public_review_shown(html, claim):
    """What of Carol's review a page shows: her note, evidence, name, or a disputed colour (no
    other claim of review_data is reviewed, so any such badge or mark is hers)."""
    if 'id="reader"' in html or "hl-direct st-unreviewed" in html:
        html = html.replace(LEGEND, "", 1)  # the reader's key, once, before its marks
    return [s for s in (PUBLIC_NOTE, "carol.example", "carol", "st-disputed") if s in html]


def export_record(client, claim):
    records = [json.loads(line) for line in body(client.get(reverse("exports:jsonl"))).splitlines()]
    return next(r for r in records if r["claim_id"] == claim.pk)


def csv_row(client, claim):
    rows = csv.DictReader(io.StringIO(body(client.get(reverse("exports:csv"))).lstrip("\ufeff")))
    return next(r for r in rows if r["claim_id"] == str(claim.pk))


def test_a_reviewer_still_due_sees_no_earlier_review_of_the_claim_anywhere(
    client, bob, reviewed_then_blind
):
    claim = reviewed_then_blind
    client.force_login(bob)
    # The compare page shows each wording's status: this claim's statement is on it.
    compare = client.get(reverse("comparison:compare")).content.decode()
    assert "Constitutional order" in compare and "st-disputed" not in compare
    shown = []
    for url, headers in surfaces(claim):
        response = client.get(url, follow=True, headers=headers)
        assert response.status_code == 200, url
        if url.startswith(reverse("exports:csv")) or url == reverse("exports:jsonl"):
            continue  # read as records below
        if found := public_review_shown(body(response), claim):
            shown.append((url, headers.get("HX-Request", ""), found))
    assert shown == []
    record = export_record(client, claim)
    assert (record["status"], record["reviewed_by"], record["reviewed_at"]) == (
        "unreviewed",
        None,
        None,
    )
    assert (record["note"], record["evidence_url"]) == ("", "")
    row = csv_row(client, claim)
    assert (row["status"], row["reviewed_by"], row["note"]) == ("Unreviewed", "", "")
    # The history keeps nothing of Carol's tag either (the claim page above had no note).
    html = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert "Unreviewed" in html and "its earlier review included" in html


def test_once_the_reviewer_has_tagged_the_earlier_review_shows(client, bob, reviewed_then_blind):
    claim = reviewed_then_blind
    services.blind_tag(claim_id=claim.pk, user=bob, status="verified")
    client.force_login(bob)
    html = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert PUBLIC_NOTE in html and "st-disputed" in html and "carol" in html
    assert export_record(client, claim)["status"] == "disputed"
    assert PUBLIC_NOTE in body(client.get(reverse("exports:claimreview")))


def test_others_still_see_the_public_review(client, boss, carol, alice, reviewed_then_blind):
    """Only the reviewers still due are blind: the admin, the editor who tagged it and anyone
    outside the assignment see the claim's review as it is."""
    claim = reviewed_then_blind
    for user in (boss, carol):
        client.force_login(user)
        html = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
        assert PUBLIC_NOTE in html and "st-disputed" in html, user
        assert export_record(client, claim)["status"] == "disputed", user
        assert csv_row(client, claim)["note"] == PUBLIC_NOTE, user
    client.force_login(alice)  # due too, until she tags
    assert export_record(client, claim)["status"] == "unreviewed"


def test_an_admin_due_to_review_is_blind_too(client, boss, alice, review_data, carol):
    claim = review_data[2]
    review_services.tag_claim(
        claim_id=claim.pk, user=carol, status="disputed", note=PUBLIC_NOTE, expected_version=1
    )
    boss.groups.add(*alice.groups.all())  # an admin who also tags
    boss = type(boss).objects.get(pk=boss.pk)
    assign(boss, [boss, alice], [claim], reviews=2)
    client.force_login(boss)
    html = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert PUBLIC_NOTE not in html and "st-disputed" not in html


def queue_ids(client, query):
    """The claim ids the queue lists for a query string, in order (every review_data claim fits
    on one page)."""
    response = client.get(reverse("review:queue") + "?" + query)
    assert response.status_code == 200
    return [c.pk for c in response.context["claims"]]


def test_the_status_filter_and_sort_read_the_claim_as_its_due_reviewer_sees_it(
    client, bob, carol, reviewed_then_blind
):
    """Filtering or sorting by status must not tell a reviewer still due the verdict the claim
    page hides from them: to Bob the claim is unreviewed everywhere, queue and exports alike."""
    claim = reviewed_then_blind
    client.force_login(bob)
    assert claim.pk not in queue_ids(client, "assigned=&status=disputed")
    assert claim.pk in queue_ids(client, "assigned=&status=unreviewed")
    export = body(client.get(reverse("exports:jsonl") + "?status=disputed"))
    assert f'"claim_id": {claim.pk},' not in export and '"claim_id"' not in export
    # Sorted by status it sits among the unreviewed claims, not first with the disputed one.
    by_status = queue_ids(client, "assigned=&sort=status")
    statuses = {c.pk: c.status for c in Claim.objects.all()}
    unreviewed = [pk for pk in by_status if statuses[pk] == Claim.Status.UNREVIEWED]
    assert by_status.index(claim.pk) > by_status.index(unreviewed[0])
    # Carol, who tagged it and is not due, filters by its real status.
    client.force_login(carol)
    assert claim.pk in queue_ids(client, "assigned=&status=disputed")
    assert claim.pk not in queue_ids(client, "assigned=&status=unreviewed")
    assert queue_ids(client, "assigned=&sort=status")[0] == claim.pk
    # Once Bob has tagged it blind, its status is his to see and filter by.
    services.blind_tag(claim_id=claim.pk, user=bob, status="verified")
    client.force_login(bob)
    assert claim.pk in queue_ids(client, "assigned=&status=disputed")
