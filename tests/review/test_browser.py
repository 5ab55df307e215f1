"""The review screens in a real Chromium: filters, keyboard tagging, undo, bulk tag, a conflict
between two editors, a read-only viewer, and the article highlights against the claim offsets.
Screenshots of the main screens go to test-artifacts/review/."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kzclaims.models import Claim, ReviewEvent
from tests.conftest import login, page_signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "review"
README_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "review-queue.png"


def shot(page, name, **kwargs):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **kwargs)


def status(claim):
    return Claim.objects.get(pk=claim.pk).status


def current_row(page):
    return page.locator(".claim-row.is-current")


def test_filter_in_url_swaps_results_and_back_button_works(
    page, live_server, editor, review_data, console_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    expect(page.locator(".results-head .count")).to_have_text("12")
    page.evaluate("window.kzNoReload = true")
    page.get_by_label("Outlet").select_option(label="TASS")
    expect(page).to_have_url(re.compile(r"outlet=tass"))
    assert "speaker=" not in page.url  # only the filters that are set go into the URL
    expect(page.locator(".results-head .count")).to_have_text("6")
    page.get_by_label("Kind").select_option("fragment")
    expect(page.locator(".results-head .count")).to_have_text("1")
    assert page.evaluate("window.kzNoReload") is True  # swapped by htmx, not reloaded
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"kind=fragment"))
    expect(page.locator(".results-head .count")).to_have_text("6")
    page.reload()
    expect(page.get_by_label("Outlet")).to_have_value("tass")
    assert not console_errors, console_errors


def test_keyboard_tag_advance_undo_and_note(page, live_server, editor, review_data, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?outlet=interfax&sort=article")
    rows = page.locator(".claim-row")
    expect(rows).to_have_count(6)
    ids = [int(x) for x in rows.evaluate_all("rs => rs.map(r => r.dataset.claim)")]
    page.keyboard.press("j")
    expect(current_row(page)).to_have_id(f"claim-{ids[0]}")
    page.keyboard.press("v")
    expect(page.locator(f"#claim-{ids[0]} .badge")).to_have_text("Verified")
    expect(current_row(page)).to_have_id(f"claim-{ids[1]}")  # tag and advance
    page.keyboard.press("n")
    expect(page.locator(f"#note-{ids[1]}")).to_be_focused()
    page.keyboard.type("Only the ministry says so")
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    expect(page.locator(f"#claim-{ids[1]} .badge")).to_have_text("Disputed")
    assert Claim.objects.get(pk=ids[1]).note == "Only the ministry says so"
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(current_row(page)).to_have_id(f"claim-{ids[0]}")
    page.keyboard.press("j")
    page.keyboard.press("u")  # undoes the last change: the disputed tag
    expect(page.locator(f"#claim-{ids[1]} .badge")).to_have_text("Unreviewed")
    assert [status(Claim(pk=i)) for i in ids[:2]] == ["verified", "unreviewed"]
    events = ReviewEvent.objects.filter(claim_id=ids[1]).order_by("id")
    assert [e.to_status for e in events] == ["disputed", "unreviewed"]
    page.keyboard.press("?")
    expect(page.locator("dialog#keys")).to_be_visible()
    shot(page, "keys-dialog")
    page.keyboard.press("Escape")
    assert not console_errors, console_errors


def test_every_claim_of_an_article_from_the_keyboard_alone(page, live_server, editor, review_data):
    login(page, live_server, editor)
    article = review_data[0].article
    page.goto(f"{live_server.url}/?article={article.pk}&sort=article")
    rows = page.locator(".claim-row")
    count = rows.count()
    page.keyboard.press("j")
    for i in range(count):
        key = "vdo"[i % 3]
        page.keyboard.press(key)
        expect(rows.nth(i).locator(".badge")).not_to_have_text("Unreviewed")
    assert not Claim.objects.filter(article=article, status="unreviewed").exists()
    assert ReviewEvent.objects.filter(claim__article=article).count() == count


def test_bulk_tag_a_selection(page, live_server, editor, review_data):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?outlet=tass&sort=article")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.locator(".claim-row").nth(3).locator("input.select").check()
    page.get_by_label("Tag selected as").select_option("official_only")
    page.get_by_role("button", name="Bulk tag").click()
    expect(page.locator("#results .msg")).to_contain_text("Tagged 3 claim(s) Official-only")
    assert Claim.objects.filter(status="official_only").count() == 3
    expect(page.locator(".claim-row .badge.st-official_only")).to_have_count(3)


def test_stale_write_conflict_between_two_browsers(
    browser, live_server, editor, admin_user, review_data
):
    claim = review_data[0]
    edith, ada = (
        page_signed_in(browser, live_server, user, "/?sort=article&outlet=interfax")
        for user in (editor, admin_user)
    )
    ada.locator(f"#claim-{claim.pk}").get_by_role("button", name="Verified").click()
    expect(ada.locator(f"#claim-{claim.pk} .badge")).to_have_text("Verified")
    # edith still sees version 1 and disputes it
    row = edith.locator(f"#claim-{claim.pk}")
    row.locator("summary").click()
    row.get_by_label("Note").fill("I think it is wrong")
    row.get_by_role("button", name="Disputed").click()
    alert = edith.locator(f"#claim-{claim.pk} .row-msg.conflict")
    expect(alert).to_contain_text("ada changed this claim to Verified")
    expect(edith.locator(f"#claim-{claim.pk} .badge")).to_have_text("Verified")
    shot(edith, "conflict")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.note, fresh.version) == ("verified", "", 2)
    # the row now carries the current version and the typed note: a second try goes through
    edith.locator(f"#claim-{claim.pk}").get_by_role("button", name="Disputed", exact=True).click()
    expect(edith.locator(f"#claim-{claim.pk} .badge")).to_have_text("Disputed")
    assert status(claim) == "disputed"
    for page in (edith, ada):
        page.context.close()


def test_viewer_cannot_tag(page, live_server, viewer, review_data):
    claim = review_data[0]
    login(page, live_server, viewer)
    expect(page.locator(".claim-row").first).to_be_visible()
    expect(page.locator(".tag-form")).to_have_count(0)
    expect(page.locator("#bulk-form")).to_have_count(0)
    page.keyboard.press("j")
    page.keyboard.press("v")
    page.wait_for_timeout(300)
    token = page.locator("body").get_attribute("hx-headers")
    csrf = re.search(r'"X-CSRFToken": "([^"]+)"', token).group(1)
    response = page.request.post(
        f"{live_server.url}{reverse('review:tag', args=[claim.pk])}",
        form={"status": "verified", "version": "1"},
        headers={"X-CSRFToken": csrf, "HX-Request": "true"},
    )
    assert response.status == 403
    assert status(claim) == "unreviewed" and not ReviewEvent.objects.exists()


def test_article_highlights_match_offsets_and_panel_tags(
    page, live_server, editor, review_data, console_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    article = review_data[0].article
    claims = list(Claim.objects.filter(article=article))
    login(page, live_server, editor)
    page.goto(f"{live_server.url}{reverse('review:article', args=[article.pk])}")
    texts = page.evaluate(
        """() => {
          const out = {};
          for (const m of document.querySelectorAll('#article-body mark[data-claim]')) {
            out[m.dataset.claim] = (out[m.dataset.claim] || '') + m.textContent;
          }
          return {claims: out, body: document.getElementById('article-body').textContent};
        }"""
    )
    assert texts["body"] == article.body
    for claim in claims:
        assert texts["claims"][str(claim.pk)] == article.body[claim.start : claim.end]
    assert page.locator("#article-body .speaker").count() >= 4
    assert page.locator("#article-body .cue").count() >= 4
    shot(page, "article-reader")
    fragment = next(c for c in claims if c.kind == "fragment")
    page.locator(f'#article-body mark[data-n="{fragment.pk}"]').click()
    panel = page.locator("#panel-claim")
    expect(panel).to_contain_text(f"Claim {fragment.pk}")
    panel.get_by_role("button", name="Disputed").click()
    expect(page.locator(f'#article-body mark[data-claim="{fragment.pk}"]').first).to_have_class(
        re.compile(r"st-disputed")
    )
    expect(page.locator("#panel-claim .history")).to_contain_text("Disputed")
    shot(page, "article-panel")
    assert status(fragment) == "disputed"
    assert not console_errors, console_errors


def test_article_reader_from_the_keyboard(page, live_server, editor, review_data, console_errors):
    article = review_data[0].article
    claims = sorted(Claim.objects.filter(article=article), key=lambda c: (c.start, -c.end))
    login(page, live_server, editor)
    page.goto(f"{live_server.url}{reverse('review:article', args=[article.pk])}")
    for claim in claims:
        page.keyboard.press("j")
        expect(page.locator("#panel-claim")).to_contain_text(f"Claim {claim.pk}")
        page.keyboard.press("o")
        expect(page.locator("#panel-claim .badge").first).to_have_text("Official-only")
        expect(page.locator(f'#article-body mark[data-n="{claim.pk}"]')).to_have_class(
            re.compile(r"st-official_only")
        )
    assert set(Claim.objects.filter(article=article).values_list("status", flat=True)) == {
        "official_only"
    }
    assert not console_errors, console_errors


def test_screenshots_of_the_main_screens(page, live_server, editor, review_data, console_errors):
    page.set_viewport_size({"width": 1280, "height": 820})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?sort=article")
    first = page.locator(".claim-row").first
    first.get_by_role("button", name="Verified").click()
    expect(first.locator(".badge")).to_have_text("Verified")
    page.locator(".claim-row").nth(3).get_by_role("button", name="Disputed").click()
    expect(page.locator(".claim-row").nth(3).locator(".badge")).to_have_text("Disputed")
    page.locator(".claim-row").nth(1).get_by_role("button", name="Official-only").click()
    expect(current_row(page)).to_have_id(page.locator(".claim-row").nth(2).get_attribute("id"))
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "queue")
    if os.environ.get("KZCLAIMS_UPDATE_SCREENSHOTS"):
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SHOT))
    page.goto(f"{live_server.url}{reverse('comparison:compare')}")
    shot(page, "compare", full_page=True)
    page.goto(f"{live_server.url}{reverse('review:claim', args=[review_data[0].pk])}")
    shot(page, "claim")
    page.goto(f"{live_server.url}{reverse('review:speaker', args=[review_data[0].speaker_id])}")
    shot(page, "speaker")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    shot(page, "queue-narrow")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the queue must not scroll sideways on a narrow screen"
    assert not console_errors, console_errors
