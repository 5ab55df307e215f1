"""The agreement page and the resolution queue in a real Chromium: the figures of a constructed
set with a known kappa, resolving with the keyboard (the claim leaves the queue, its page shows
the resolve event and who made it), and a blind editor refused the queue and its partials.
Screenshots go to test-artifacts/agreement/."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kzclaims.models import BlindReview, Claim, DoubleReview, ReviewEvent
from tests.agreement.factories import (
    blind_tag,
    double_review,
    make_assignment,
    make_claims,
    tag_table,
)
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "agreement"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_agreement_page_shows_the_known_figures(
    page, live_server, admin_user, editors, console_errors
):
    anna, boris, chen = editors
    assignment = make_assignment()
    # The fifty proposals of Wikipedia's worked example: kappa 0.40, 70% agreement.
    tag_table(assignment, anna, boris, [[20, 5, 0], [10, 15, 0], [0, 0, 0]])
    # Both on one status only: kappa is undefined and says why.
    tag_table(assignment, anna, chen, [[4, 0, 0], [0, 0, 0], [0, 0, 0]], outlet="TASS")
    login(page, live_server, admin_user)
    page.goto(live_server.url + reverse("agreement:page"))
    expect(page.locator('#overall [data-figure="claims"]')).to_have_text("54")
    ab = page.locator('#pairs tr[data-pair="anna|boris"]')
    expect(ab.locator("td").nth(0)).to_have_text("50")
    expect(ab.locator('[data-figure="agreement"]')).to_have_text("70.0%")
    expect(ab.locator('[data-figure="kappa"]')).to_have_text("0.400")
    expect(ab).to_contain_text("n = 50")
    ac = page.locator('#pairs tr[data-pair="anna|chen"]')
    expect(ac.locator('[data-figure="kappa"]')).to_have_text("—")
    expect(ac).to_contain_text("both editors tagged every claim Verified")
    expect(ac.locator('[data-figure="agreement"]')).to_have_text("100.0%")
    # The confusion table of anna and boris, with its shaded diagonal.
    table = page.locator('table.confusion[data-pair="anna|boris"]')
    expect(table.locator("tbody tr").nth(0).locator("td")).to_have_text(["20", "5", "0"])
    expect(table.locator("tbody tr").nth(1).locator("td")).to_have_text(["10", "15", "0"])
    expect(table.locator("td.diagonal.shade-5")).to_have_text("20")
    # By outlet: TASS holds only anna and chen's claims.
    tass = page.locator('#by-outlet tbody[data-group="TASS"]')
    expect(tass.locator(".group-row td").nth(1)).to_have_text("4")
    expect(
        page.locator('#by-kind tbody[data-group="Direct quotation"] .group-row')
    ).to_contain_text("54")
    shot(page, "agreement")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert "cohens_kappa" in Path(download.value.path()).read_text(encoding="utf-8")
    assert console_errors == []


def test_resolving_with_the_keyboard(page, live_server, resolver, editors, console_errors):
    anna, boris, _ = editors
    assignment = make_assignment(resolver=resolver)
    first, second = make_claims(2)
    blind_tag(assignment, first, anna, "verified", note="The ministry confirmed it")
    blind_tag(assignment, first, boris, "disputed", evidence_url="https://example.org/denial")
    blind_tag(assignment, second, anna, "official_only")
    blind_tag(assignment, second, boris, "verified")
    items = [double_review(assignment, first), double_review(assignment, second)]
    blind_before = list(BlindReview.objects.order_by("pk").values())
    login(page, live_server, resolver)
    page.goto(live_server.url + reverse("agreement:resolve"))
    expect(page.locator(".results-head .count")).to_have_text("2")
    row = page.locator(f"#claim-{first.pk}")
    expect(row.locator(".editor-tag")).to_have_count(2)
    expect(row).to_contain_text("The ministry confirmed it")
    expect(row).to_contain_text("https://example.org/denial")
    shot(page, "resolve-queue")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    expect(row).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("n")
    expect(row.locator("textarea[name=note]")).to_be_focused()
    page.keyboard.type("The denial came later and names its source")
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    expect(row).to_contain_text("Resolved: Disputed.")
    expect(row.locator("button[data-key]")).to_have_count(0)
    # The queue moved on to the next disagreement, as after a tag.
    second_row = page.locator(f"#claim-{second.pk}")
    expect(second_row).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("o")
    expect(second_row).to_contain_text("Resolved: Official-only.")
    page.reload()
    expect(page.locator(".results-head .count")).to_have_text("0")
    expect(page.get_by_text("No disagreement awaits you.")).to_be_visible()
    # The claim page's history shows the decision and who made it.
    page.goto(live_server.url + reverse("review:claim", args=[first.pk]))
    history = page.locator(".history .events li").first
    expect(history).to_contain_text("rosa")
    expect(history).to_contain_text("Resolved:")
    expect(history).to_contain_text("Disputed")
    expect(history).to_contain_text("The denial came later and names its source")
    for item in items:
        item.refresh_from_db()
        assert (item.state, item.resolved_by) == (DoubleReview.State.RESOLVED, resolver)
    assert Claim.objects.get(pk=second.pk).status == "official_only"
    assert ReviewEvent.objects.filter(action="resolve", user=resolver).count() == 2
    assert list(BlindReview.objects.order_by("pk").values()) == blind_before
    assert console_errors == []


def test_a_blind_editor_gets_403_on_the_queue_and_its_partials(
    page, live_server, resolver, editors
):
    anna, boris, _ = editors
    assignment = make_assignment(resolver=resolver)
    claim = make_claims(1)[0]
    blind_tag(assignment, claim, anna, "verified", note="anna's secret note")
    blind_tag(assignment, claim, boris, "disputed")
    item = double_review(assignment, claim)
    login(page, live_server, anna)
    for name in ("agreement:resolve", "agreement:page", "agreement:json"):
        response = page.goto(live_server.url + reverse(name))
        assert response.status == 403, name
    partial = page.request.get(
        live_server.url + reverse("agreement:item", args=[item.pk]),
        headers={"HX-Request": "true", "HX-Target": f"claim-{claim.pk}"},
    )
    assert partial.status == 403
    assert "secret note" not in partial.text()
    # A write with the page's own CSRF token is refused as well, and nothing changes.
    page.goto(live_server.url + reverse("review:queue"))
    token = page.evaluate("JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']")
    decided = page.request.post(
        live_server.url + reverse("agreement:decide", args=[item.pk]),
        form={"status": "verified", "version": "1"},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert decided.status == 403
    item.refresh_from_db()
    assert item.state == DoubleReview.State.DISAGREED
