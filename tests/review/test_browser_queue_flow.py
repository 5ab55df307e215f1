"""A queue that flows, in a real Chromium: the keyboard crosses page boundaries both ways, a
tagged row leaves a filtered view (and undo brings it back), newly stored claims are announced,
the speaker page bulk-tags, and Enter in the evidence field saves the note, not a status."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kzclaims.models import Claim, ReviewEvent
from kzclaims.review.selectors import PAGE_SIZE
from tests.conftest import login

from .conftest import make_article, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def many_claims(n):
    """n claims in one article, in reading order (one bulk insert: the paging is what is
    tested, not the store)."""
    words = [f"claim{i:04d} said something" for i in range(n)]
    article = make_article(body=". ".join(words))
    claims = []
    for word in words:
        start = article.body.index(word)
        claims.append(
            Claim(
                article=article,
                kind=Claim.Kind.INDIRECT,
                content=word,
                start=start,
                end=start + len(word),
            )
        )
    return Claim.objects.bulk_create(claims)


def current(page):
    return page.locator(".claim-row.is-current")


def focus_row(page, claim):
    """Makes a row the current one by clicking its text, as an editor would."""
    page.locator(f"#claim-{claim.pk} blockquote").click()
    expect(current(page)).to_have_id(f"claim-{claim.pk}")


def test_j_and_k_cross_page_boundaries_without_a_reload(page, live_server, editor, console_errors):
    claims = many_claims(PAGE_SIZE + 5)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?sort=article&kind=indirect")
    page.evaluate("window.kzNoReload = true")
    # A claim stored after the queue was drawn stays new on the other pages of the same view.
    later = make_article(title="Later")
    make_claim(later, "the situation has stabilized in all regions", kind=Claim.Kind.INDIRECT)
    focus_row(page, claims[PAGE_SIZE - 1])
    page.keyboard.press("j")  # past the last row: the next page, its first row
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(page).to_have_url(re.compile(r"kind=indirect"))  # same filters and sort
    expect(current(page)).to_have_id(f"claim-{claims[PAGE_SIZE].pk}")
    expect(current(page)).to_be_focused()
    expect(page.locator(".claim-row")).to_have_count(6)
    expect(page.locator("#new-claims")).to_have_text("1 new claim — show")
    page.keyboard.press("k")  # before the first row: the previous page, its last row
    expect(page).to_have_url(re.compile(r"[?&]page=1"))
    expect(current(page)).to_have_id(f"claim-{claims[PAGE_SIZE - 1].pk}")
    expect(current(page)).to_be_focused()
    expect(page.locator("#live")).to_have_text("Page 1 of 2")
    # Tag and advance on the last row goes on to the next page.
    page.keyboard.press("v")
    expect(current(page)).to_have_id(f"claim-{claims[PAGE_SIZE].pk}")
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    assert Claim.objects.get(pk=claims[PAGE_SIZE - 1].pk).status == "verified"
    page.keyboard.press("d")
    expect(current(page)).to_have_id(f"claim-{claims[PAGE_SIZE + 1].pk}")
    assert page.evaluate("window.kzNoReload") is True  # swapped in place, never reloaded
    # The history has each page: back returns to page 1.
    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]page=1"))
    expect(page.locator(".claim-row")).to_have_count(PAGE_SIZE)
    assert not console_errors, console_errors


def test_a_tagged_row_leaves_a_filtered_view_and_undo_brings_it_back(
    page, live_server, editor, console_errors
):
    claims = many_claims(PAGE_SIZE + 3)
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?status=unreviewed&sort=article")
    count = page.locator(".results-head .count")
    expect(count).to_have_text(str(PAGE_SIZE + 3))
    page.keyboard.press("j")
    page.keyboard.press("v")
    expect(current(page)).to_have_id(f"claim-{claims[1].pk}")  # the focus moved on first
    expect(page.locator(f"#claim-{claims[0].pk}")).to_have_count(0)  # then the row left
    expect(count).to_have_text(str(PAGE_SIZE + 2))
    expect(page.locator("#live")).to_contain_text("left this view")
    page.keyboard.press("u")  # undone: back to unreviewed, so back in the view
    expect(page.locator(f"#claim-{claims[0].pk} .badge")).to_have_text("Unreviewed")
    expect(count).to_have_text(str(PAGE_SIZE + 3))
    expect(current(page)).to_have_id(f"claim-{claims[0].pk}")
    assert Claim.objects.get(pk=claims[0].pk).status == "unreviewed"
    # Tagging the last row of the page: the rows after it moved up onto this page, so the
    # focus goes to the first of those, not to page 2 (which would skip it).
    focus_row(page, claims[PAGE_SIZE - 1])
    page.keyboard.press("d")
    expect(current(page)).to_have_id(f"claim-{claims[PAGE_SIZE].pk}")
    expect(page.locator(f"#claim-{claims[PAGE_SIZE - 1].pk}")).to_have_count(0)
    expect(count).to_have_text(str(PAGE_SIZE + 2))
    page.keyboard.press("j")  # onward across the real boundary now
    expect(current(page)).to_have_id(f"claim-{claims[PAGE_SIZE + 1].pk}")
    statuses = dict(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("pk", "status"))
    assert statuses[claims[PAGE_SIZE - 1].pk] == "disputed"
    assert sum(s == "unreviewed" for s in statuses.values()) == PAGE_SIZE + 2
    assert ReviewEvent.objects.count() == 3  # verified, its undo, disputed
    assert not console_errors, console_errors


def test_new_claims_are_announced_without_losing_the_place(
    page, live_server, editor, review_data, console_errors
):
    page.clock.install()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}/?outlet=interfax&sort=article")
    rows = page.locator(".claim-row")
    expect(rows).to_have_count(6)
    page.keyboard.press("j")
    page.keyboard.press("j")
    place = current(page).get_attribute("id")
    interfax = next(c.article for c in review_data if c.article.outlet.slug == "interfax")
    tass = next(c.article for c in review_data if c.article.outlet.slug == "tass")
    # A re-extraction (or an import) stores claims: two in this view, one in another outlet.
    make_claim(interfax, "Interior Ministry", kind=Claim.Kind.DIRECT)
    make_claim(interfax, "still active", kind=Claim.Kind.DIRECT)
    make_claim(tass, "still active", kind=Claim.Kind.DIRECT)
    page.clock.fast_forward("00:31")
    note = page.locator("#new-claims")
    expect(note).to_have_text("2 new claims — show")
    expect(page.locator("#live")).to_have_text("This view has 2 new claims.")
    expect(rows).to_have_count(6)  # nothing moved under the editor
    expect(current(page)).to_have_id(place)
    note.get_by_role("link", name="show").click()
    expect(page).to_have_url(re.compile(r"outlet=interfax"))
    expect(page.locator(".results-head .count")).to_have_text("8")
    expect(page.locator("#new-claims")).to_have_text("")
    assert not console_errors, console_errors


def test_the_speaker_page_bulk_tags_a_selection(page, live_server, editor, review_data):
    speaker = review_data[0].speaker
    mine = [c for c in review_data if c.speaker_id == speaker.pk]
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    page.goto(f"{live_server.url}{reverse('review:speaker', args=[speaker.pk])}")
    rows = page.locator(".claim-row")
    expect(rows).to_have_count(len(mine))
    page.keyboard.press("j")
    page.keyboard.press("x")
    rows.nth(2).locator("input.select").check()
    page.get_by_label("Tag selected as").select_option("disputed")
    page.get_by_role("button", name="Bulk tag").click()
    expect(page.locator(".messages")).to_contain_text("Tagged 2 claim(s) Disputed.")
    expect(page).to_have_url(re.compile(rf"/speakers/{speaker.pk}/$"))
    expect(page.locator(".claim-row .badge.st-disputed")).to_have_count(2)
    assert Claim.objects.filter(speaker=speaker, status="disputed").count() == 2


@pytest.mark.parametrize("where", ["row", "claim page"])
def test_enter_in_the_evidence_field_saves_the_note_not_a_status(
    page, live_server, editor, review_data, where, console_errors
):
    claim = review_data[1]
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, editor)
    if where == "row":
        page.goto(f"{live_server.url}/?article={claim.article_id}&sort=article")
        scope = page.locator(f"#claim-{claim.pk}")
        focus_row(page, claim)
        page.keyboard.press("n")
    else:
        page.goto(f"{live_server.url}{reverse('review:claim', args=[claim.pk])}")
        scope = page.locator("#panel-claim")
    scope.get_by_label("Note").fill("Matches the ministry's statement")
    evidence = scope.get_by_label("Evidence URL")
    evidence.fill("https://example.org/statement")
    evidence.press("Enter")
    expect(page.locator(".row-msg, .messages").first).to_contain_text("Note saved")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.note, fresh.evidence_url) == (
        "unreviewed",
        "Matches the ministry's statement",
        "https://example.org/statement",
    )
    event = ReviewEvent.objects.get(claim=claim)
    assert event.from_status == event.to_status == "unreviewed"
    assert not console_errors, console_errors
