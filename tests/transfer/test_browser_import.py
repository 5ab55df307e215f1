"""The admin import page in a real Chromium: upload two files, read the preview, import, watch
the extraction progress; a bad file is rejected on the page with its line and field."""

import importlib
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from kzclaims.models import Article, ImportBatch
from tests.conftest import login

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "transfer"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """Transactional tests flush the groups the roles migration made: put them back."""
    roles_migration = importlib.import_module("kzclaims.migrations.0002_roles")
    for name, codenames in roles_migration.ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="kzclaims")
        if codenames is not None:
            permissions = permissions.filter(codename__in=codenames)
        group.permissions.set(permissions)


def test_admin_uploads_previews_and_imports(page, live_server, admin_user, immediate_tasks):
    login(page, live_server, admin_user)
    page.goto(f"{live_server.url}/admin/kzclaims/article/")
    page.get_by_role("link", name="Import articles").click()
    expect(page.get_by_role("heading", name="Import articles")).to_be_visible()

    jsonl = json.dumps(
        {
            "outlet": "Kazinform",
            "title": "Қаңтар оқиғалары: Тоқаев мәлімдеме жасады",
            "published": "2022-01-07T10:00:00+06:00",
            "body": 'ASTANA, Jan 7 (Kazinform) - "Order has been restored," Kassym-Jomart '
            "Tokayev said in a televised address.",
        },
        ensure_ascii=False,
    ).encode()
    text = (
        b"Troops arrive in Almaty\n\nMOSCOW, January 7 /TASS/. The first CSTO units have "
        b"arrived, the Defence Ministry said."
    )
    page.get_by_label("Files").set_input_files(
        [
            {"name": "batch.jsonl", "mimeType": "application/json", "buffer": jsonl},
            {"name": "tass.txt", "mimeType": "text/plain", "buffer": text},
        ]
    )
    page.get_by_role("button", name="Preview").click()

    expect(page.locator("#preview-summary")).to_contain_text("2 to create, 0 to skip, 0 rejected")
    created = page.locator("#to-create")
    expect(created).to_contain_text("Қаңтар оқиғалары: Тоқаев мәлімдеме жасады")
    expect(created).to_contain_text("TASS (detected)")
    expect(created).to_contain_text("Troops arrive in Almaty")
    assert Article.objects.count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)

    page.get_by_role("button", name="Import 2 articles").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported 2 articles")
    expect(page.locator(".progress-count")).to_contain_text("Articles extracted 2 of 2")
    page.screenshot(path=str(ARTIFACTS / "import-done.png"), full_page=True)
    assert ImportBatch.objects.get().articles.filter(extraction_status="done").count() == 2


def test_bad_upload_is_rejected_on_the_page(page, live_server, admin_user, console_errors):
    login(page, live_server, admin_user)
    page.goto(f"{live_server.url}/admin/kzclaims/article/import/")
    page.get_by_label("Files").set_input_files(
        [
            {
                "name": "broken.jsonl",
                "mimeType": "application/json",
                "buffer": b'{"title": "ok", "body": "fine"}\n{"title": "no body here"}\n',
            }
        ]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was imported: 1 problem")
    row = page.locator("#rejected tr.problem")
    expect(row).to_contain_text("broken.jsonl")
    expect(row.locator("td").nth(1)).to_have_text("2")
    expect(row.locator("td").nth(2)).to_have_text("body")
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-rejected.png"), full_page=True)
    assert Article.objects.count() == 0
    assert not [error for error in console_errors if "Content Security Policy" in error]
