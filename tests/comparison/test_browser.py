"""The compare page in a real Chromium: the figure timeline, the side-by-side diff and the URL
filters, with no CSP violation. KZCLAIMS_UPDATE_SCREENSHOTS=1 writes the README's screenshot."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "compare.png"


def test_timeline_diff_and_filters(page, live_server, editor, reports, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    url = f"{live_server.url}{reverse('comparison:compare')}"
    page.goto(url)
    # The killed over three days: one timeline, a mark per report, each a link to its claim.
    killed = page.locator(".figure-series", has_text="killed")
    marks = killed.locator("svg a.mark")
    expect(marks).to_have_count(3)
    expect(killed.locator(".legend li")).to_have_count(3)  # two outlets and the range key
    box = marks.first.locator("circle:not(.hit)").bounding_box()  # the dot, not its tap disc
    assert box and box["width"] > 0
    # Only the real disagreement is flagged: 5,969 against 7,939 detained on one day.
    expect(page.locator(".figure-series .flag")).to_have_count(1)
    expect(page.locator(".figure-series.disagree h3")).to_contain_text("detained")
    # The same statement side by side: Izvestia's own clause highlighted, the others' left-out.
    group = page.locator(".compare-group", has_text="borders")
    expect(group.locator(".version")).to_have_count(3)
    expect(group.locator("mark.diff-own")).to_have_text(re.compile(r"and the borders are closed"))
    if os.environ.get("KZCLAIMS_UPDATE_SCREENSHOTS"):
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SHOT), full_page=True)
    # A mark leads to its claim.
    first_mark = marks.first
    href = first_mark.get_attribute("href")
    first_mark.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    page.go_back()
    # Filters go into the URL; the page then shows that outlet only; Back returns.
    page.get_by_role("checkbox", name="TASS").check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"outlet=tass"))
    expect(page.locator("figure.chart")).to_have_count(1)
    expect(page.locator("figure.chart figcaption")).to_contain_text("TASS")
    page.get_by_role("textbox", name="From").fill("2022-01-12")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("figure.chart")).to_have_count(0)
    page.go_back()
    expect(page.locator("figure.chart")).to_have_count(1)
    page.goto(url + "?date_from=2022-02-01&date_to=2022-01-01")
    expect(page.get_by_role("alert")).to_contain_text("The end date is before the start date.")
    assert not console_errors, console_errors


def test_a_same_statement_group_shows_its_outlets_and_not_another_statement(
    page, live_server, editor, console_errors
):
    """Three outlets word one statement of the ministry differently; a fourth reports another
    statement of the ministry on the same topic. The group holds the three, side by side."""
    from tests.review.conftest import make_article, make_claim, make_outlet, make_speaker
    from tests.test_same_claims import NEWS

    ministry = make_speaker("Defence Ministry")
    background = make_article(make_outlet("Digest"), body=". ".join(NEWS))
    for n, text in enumerate(NEWS):
        make_claim(background, text, speaker=make_speaker(f"Source {n}"))
    for outlet, said in (
        ("Interfax", "CSTO troops will leave Kazakhstan within ten days"),
        ("TASS", "In ten days the CSTO troops will leave, the mission having been completed"),
        ("Izvestia", "CSTO troops will leave Kazakhstan within ten days, once their mission ends"),
        ("Wire", "CSTO troops in Kazakhstan will protect power stations and bridges"),
    ):
        article = make_article(make_outlet(outlet), body=f"{said}, the ministry said.")
        make_claim(article, said, speaker=ministry, cue="said", stance="neutral")
    login(page, live_server, editor)
    page.goto(f"{live_server.url}{reverse('comparison:compare')}")
    groups = page.locator(".compare-group")
    expect(groups).to_have_count(1)
    versions = groups.locator(".version h4")
    expect(versions).to_have_count(3)
    for outlet in ("Interfax", "TASS", "Izvestia"):
        expect(groups.locator(".version h4", has_text=outlet)).to_have_count(1)
    expect(groups).not_to_contain_text("bridges")
    # TASS's own words are highlighted against the first report.
    tass = groups.locator(".version", has_text="TASS")
    expect(tass.locator("mark.diff-own").first).to_be_visible()
    assert not console_errors, console_errors
