"""The product slice in a real Chromium: the seed articles extracted by the real pipeline, an
editor signs in, finds a claim in the queue, tags it, and the CSV export carries the tag."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kzclaims.models import Claim, ReviewEvent
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_tags_a_seed_claim_and_the_export_carries_the_tag(page, live_server, seeds, editor):
    call_command("extract_articles", "--all", verbosity=0)
    quotes = Claim.objects.filter(kind="direct", speaker__isnull=False).order_by("article", "start")
    claim = quotes.first()
    assert claim is not None, "the seeds yielded no attributed direct quotation"

    login(page, live_server, editor)
    # The queue shows the extracted claims; narrow it to ours with the text filter.
    expect(page.locator(".claim-row").first).to_be_visible()
    search = page.get_by_label("Text")
    search.fill(claim.content[:40])
    # Typing filters by itself (debounced); the filter lives in the URL once htmx has swapped
    # the results in.
    page.wait_for_url(re.compile(r"[?&]q="))
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#claim-{claim.pk}")
    expect(row).to_contain_text(claim.speaker.name)

    row.get_by_role("button", name="Verified").click()
    expect(row.locator("button[value=verified]")).to_have_attribute("aria-pressed", "true")
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by, claim.version) == ("verified", editor, 2)
    assert ReviewEvent.objects.filter(claim=claim, to_status="verified", user=editor).count() == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = {row["content"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows[claim.content]["status"] == "Verified"
    assert rows[claim.content]["reviewed_by"] == editor.username
    assert rows[claim.content]["speaker"] == claim.speaker.name
