"""The agreement page, its exports and the resolution queue through Django's test client: who may
see them (every view and partial), what the exports hold, the decision's answers, the count."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzclaims.agreement.selectors import disagreement_count
from kzclaims.models import Claim, DoubleReview, ReviewEvent
from tests.agreement.factories import (
    blind_tag,
    double_review,
    make_assignment,
    make_claims,
    tag_table,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(editors, resolver):
    """anna and boris on an assignment rosa resolves (two disagreements), anna and chen on one
    any admin resolves (one disagreement)."""
    anna, boris, chen = editors
    mine = make_assignment(title="Rosa's", resolver=resolver)
    theirs = make_assignment(title="Admins'")
    tag_table(mine, anna, boris, [[3, 1, 0], [1, 2, 0], [0, 0, 1]])
    tag_table(theirs, anna, chen, [[1, 0, 0], [0, 0, 1], [0, 0, 0]], outlet="TASS")
    return mine, theirs


def item_urls(item):
    return [
        ("get", reverse("agreement:item", args=[item.pk])),
        ("post", reverse("agreement:decide", args=[item.pk])),
    ]


PAGES = ["agreement:page", "agreement:csv", "agreement:json", "agreement:resolve"]


@pytest.mark.parametrize("who", ["editor", "viewer", "blind editor"])
def test_editors_and_viewers_get_403_everywhere(client, setup, editor, viewer, editors, who):
    user = {"editor": editor, "viewer": viewer, "blind editor": editors[0]}[who]
    client.force_login(user)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    item = DoubleReview.objects.filter(state="disagreed").first()
    for method, url in item_urls(item):
        data = {"status": "verified", "version": 1} if method == "post" else {}
        response = getattr(client, method)(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 403, url
    assert not ReviewEvent.objects.exists()
    assert disagreement_count(user) == 0


def test_a_resolver_sees_their_assignments_only(client, setup, resolver):
    mine, theirs = setup
    client.force_login(resolver)
    page = client.get(reverse("agreement:resolve"))
    assert page.status_code == 200
    shown = {item.assignment_id for item in page.context["items"]}
    assert shown == {mine.pk}
    assert len(page.context["items"]) == 2
    other = DoubleReview.objects.get(assignment=theirs, state="disagreed")
    for method, url in item_urls(other):
        data = {"status": "verified", "version": 1} if method == "post" else {}
        assert getattr(client, method)(url, data).status_code == 403
    assert disagreement_count(resolver) == 2
    body = client.get(reverse("agreement:page")).content.decode()
    assert "anna · boris" in body
    assert "anna · chen" not in body


def test_an_admin_sees_every_disagreement(client, setup, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("agreement:resolve"))
    assert len(page.context["items"]) == 3
    assert disagreement_count(admin_user) == 3
    body = page.content.decode()
    assert "No note." in body or "“" in body
    assert 'data-key="v"' in body and 'data-key="d"' in body and 'data-key="o"' in body


def test_the_item_partial_shows_both_tags_notes_and_evidence(client, resolver, editors):
    anna, boris, _ = editors
    assignment = make_assignment(resolver=resolver)
    claim = make_claims(1)[0]
    blind_tag(assignment, claim, anna, "verified", note="On the <b>ministry</b> site")
    blind_tag(assignment, claim, boris, "official_only", evidence_url="https://example.org/x")
    blind_tag(assignment, claim, boris, "disputed", evidence_url="https://example.org/y")
    item = double_review(assignment, claim)
    client.force_login(resolver)
    response = client.get(reverse("agreement:item", args=[item.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "On the &lt;b&gt;ministry&lt;/b&gt; site" in body  # escaped
    assert "https://example.org/y" in body  # boris's current tag and evidence
    assert "first tagged Official-only" in body
    assert claim.content in body
    assert "<html" not in body  # a fragment


def test_decide_with_htmx_answers_the_resolved_row_and_the_advance_event(client, setup, resolver):
    item = DoubleReview.objects.filter(assignment=setup[0], state="disagreed").first()
    client.force_login(resolver)
    response = client.post(
        reverse("agreement:decide", args=[item.pk]),
        {"status": "official_only", "note": "  Only the ministry says so\r\n", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger-After-Swap"])["claim-tagged"]["id"] == item.claim_id
    body = response.content.decode()
    assert "Resolved: Official-only." in body
    assert 'data-key="v"' not in body  # nothing left to decide
    claim = Claim.objects.get(pk=item.claim_id)
    assert claim.status == "official_only"
    assert claim.note == "Only the ministry says so"
    assert ReviewEvent.objects.get(claim=claim).action == "resolve"
    assert disagreement_count(resolver) == 1
    assert client.get(reverse("agreement:resolve")).context["page"].paginator.count == 1


def test_decide_without_javascript_redirects_to_the_queue(client, setup, resolver):
    item = DoubleReview.objects.filter(assignment=setup[0], state="disagreed").first()
    client.force_login(resolver)
    response = client.post(
        reverse("agreement:decide", args=[item.pk]), {"status": "verified", "version": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("agreement:resolve")
    page = client.get(response["Location"])
    assert "Resolved: Verified." in page.content.decode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"status": "unreviewed", "version": 1}, "Select a valid choice"),
        ({"status": "verified"}, "This field is required"),
        ({"status": "verified", "version": 1, "note": "x" * 2001}, "at most 2000"),
    ],
)
def test_invalid_decisions_are_refused_and_keep_the_typed_note(
    client, setup, resolver, data, reason
):
    item = DoubleReview.objects.filter(assignment=setup[0], state="disagreed").first()
    client.force_login(resolver)
    response = client.post(
        reverse("agreement:decide", args=[item.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert response["X-Kz-Refused"] == "form"
    assert reason in response.content.decode()
    if "note" in data:
        assert data["note"] in response.content.decode()
    assert not ReviewEvent.objects.exists()
    item.refresh_from_db()
    assert item.state == "disagreed"


def test_a_stale_decision_answers_409_with_who_changed_it(client, setup, resolver, admin_user):
    item = DoubleReview.objects.filter(assignment=setup[0], state="disagreed").first()
    client.force_login(admin_user)
    client.post(reverse("agreement:decide", args=[item.pk]), {"status": "verified", "version": 1})
    client.force_login(resolver)
    response = client.post(
        reverse("agreement:decide", args=[item.pk]),
        {"status": "disputed", "version": 1, "note": "mine"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "ada resolved this disagreement meanwhile" in response.content.decode()
    assert Claim.objects.get(pk=item.claim_id).status == "verified"


def test_unknown_items_are_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("agreement:item", args=[999999])).status_code == 404
    assert client.post(reverse("agreement:decide", args=[999999])).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_csv_export_holds_the_figures_and_is_formula_safe(client, admin_user, editors):
    anna = editors[0]
    evil = make_user("=HYPERLINK(1)", "editor")
    tag_table(make_assignment(), anna, evil, [[20, 5, 0], [10, 15, 0], [0, 0, 0]])
    client.force_login(admin_user)
    response = client.get(reverse("agreement:csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    kappa = next(r for r in rows if r["measure"] == "cohens_kappa" and r["section"] == "overall")
    assert float(kappa["value"]) == pytest.approx(0.4)
    assert kappa["n"] == "50"
    assert {kappa["editor_a"], kappa["editor_b"]} == {"anna", "'=HYPERLINK(1)"}
    assert not any(cell.startswith("=") for row in rows for cell in row.values())
    confusion = [r for r in rows if r["section"] == "confusion"]
    assert sum(int(r["value"]) for r in confusion) == 50
    assert len(confusion) == 9


def test_json_export_holds_the_same_figures(client, admin_user, editors):
    anna, boris, _ = editors
    tag_table(make_assignment(), anna, boris, [[5, 0, 0], [0, 0, 0], [0, 0, 0]])
    client.force_login(admin_user)
    response = client.get(reverse("agreement:json"))
    data = json.loads(response.content)
    pair = data["overall"]["pairs"][0]
    assert pair["percent_agreement"]["value"] == 1
    assert pair["cohens_kappa"]["value"] is None
    assert "0/0" in pair["cohens_kappa"]["undefined"]
    assert pair["confusion"]["counts"] == [[5, 0, 0], [0, 0, 0], [0, 0, 0]]
    assert data["by_outlet"][0]["double_reviewed_claims"] == 5


def test_the_queue_page_reads_in_a_fixed_number_of_queries(client, resolver, editors):
    anna, boris, _ = editors
    assignment = make_assignment(resolver=resolver)
    tag_table(assignment, anna, boris, [[0, 2, 0], [1, 0, 0], [0, 0, 0]])
    client.force_login(resolver)
    client.get(reverse("agreement:resolve"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("agreement:resolve"))
    tag_table(assignment, anna, boris, [[0, 9, 3], [4, 0, 2], [1, 1, 0]], outlet="TASS")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("agreement:resolve"))
    assert len(more) == len(few)


def test_a_refused_decision_without_javascript_keeps_the_typed_note(client, setup, resolver):
    item = DoubleReview.objects.filter(assignment=setup[0], state="disagreed").first()
    client.force_login(resolver)
    response = client.post(
        reverse("agreement:decide", args=[item.pk]),
        {"status": "verified", "version": 1, "note": "Mine, long: " + "x" * 2000},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" in body  # a page of its own
    assert "Mine, long: " in body
    assert "at most 2000" in body
    assert 'data-key="v"' in body  # the form, to send again
