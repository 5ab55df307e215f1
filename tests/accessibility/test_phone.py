"""The phone layout in Chromium at 390x844: the queue's filters fold behind one disclosure and
unfold, the first screen shows claims, and every visible tap target on the queue, claim page,
reader and compare page is at least 24x24 CSS px (WCAG 2.2, 2.5.8). The README's phone
screenshot is taken here (KZCLAIMS_UPDATE_SCREENSHOTS=1)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MIN = 24
README_SHOT = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "review-queue-phone.png"
)
# Every element a finger can activate; highlights and rows (tabindex=-1) are reached by a tap on
# their links and buttons, which are measured.
INTERACTIVE = (
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    '[tabindex]:not([tabindex="-1"]), [role="button"]'
)
MEASURE = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(el => el.checkVisibility({visibilityProperty: true}))
  .map(el => {
    const r = el.getBoundingClientRect();
    const name = (el.getAttribute("aria-label") || el.textContent || el.value || el.name || "")
      .trim().slice(0, 40);
    return {what: el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
      && el.className ? "." + el.className.split(" ")[0] : "") + " " + JSON.stringify(name),
      width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10,
      onscreen: r.right > 0 && r.bottom > -window.scrollY};
  })
  .filter(t => t.onscreen)"""


def too_small(page):
    targets = page.evaluate(MEASURE, INTERACTIVE)
    assert len(targets) > 5  # the measurement saw the page's controls
    return [t for t in targets if t["width"] < MIN or t["height"] < MIN]


def test_queue_filters_fold_and_unfold_and_claims_come_first(
    page, live_server, editor, review_data, console_errors
):
    page.set_viewport_size(PHONE)
    login(page, live_server, editor)
    filters = page.locator("aside.filters details")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_label("Outlet")).to_be_hidden()
    first = page.locator(".claim-row").first
    box = first.bounding_box()
    assert box["y"] + 100 < PHONE["height"], box  # the first claim is on the first screen
    assert not page.evaluate("document.documentElement.scrollWidth > innerWidth")  # no sideways
    if os.environ.get("KZCLAIMS_UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(README_SHOT), caret="initial")  # no injected style: CSP
    assert too_small(page) == []

    page.get_by_role("heading", name="Filters").click()  # the summary: one tap unfolds them
    expect(page.get_by_label("Outlet")).to_be_visible()
    assert too_small(page) == []
    page.get_by_label("Outlet").select_option(label="TASS")
    expect(page.locator(".results-head .count")).to_have_text("6")
    page.get_by_role("heading", name="Filters").click()
    expect(page.get_by_label("Outlet")).to_be_hidden()

    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")  # search from the keyboard unfolds the filters
    expect(page.locator("#id_q")).to_be_focused()

    first.locator("details.note summary").click()
    expect(first.locator("textarea")).to_be_visible()
    assert too_small(page) == []
    assert not console_errors, console_errors


def test_desktop_keeps_the_filters_open(page, live_server, editor, review_data):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    expect(page.get_by_label("Outlet")).to_be_visible()


@pytest.mark.parametrize("screen", ["claim", "reader", "compare", "speaker"])
def test_every_tap_target_is_at_least_24_px(page, live_server, editor, review_data, screen):
    page.set_viewport_size(PHONE)
    login(page, live_server, editor)
    claim = review_data[0]
    url = {
        "claim": reverse("review:claim", args=[claim.pk]),
        "reader": reverse("review:article", args=[claim.article_id]),
        "compare": reverse("comparison:compare"),
        "speaker": reverse("review:speaker", args=[claim.speaker_id]),
    }[screen]
    page.goto(f"{live_server.url}{url}")
    if screen == "reader":
        page.locator("#article-body mark.hl").first.click()
        expect(page.locator("#side-panel #panel-claim")).to_be_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > innerWidth")
    assert too_small(page) == []


def test_timeline_marks_are_24_px_tap_targets(page, live_server, editor, reports):
    """Each figure on the compare page's timeline is a link; its tap target is a 24 px disc
    around the 10 px dot."""
    page.set_viewport_size(PHONE)
    login(page, live_server, editor)
    page.goto(f"{live_server.url}{reverse('comparison:compare')}")
    marks = page.locator(".timeline a.mark")
    assert marks.count() > 1
    for box in (marks.nth(i).bounding_box() for i in range(marks.count())):
        assert box["width"] >= MIN and box["height"] >= MIN, box
    assert too_small(page) == []
