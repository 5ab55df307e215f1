"""The admin import page: admins only; upload → preview → import, all or nothing; every bad
upload shows its message with file, line and field and leaves the database unchanged."""

import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kzclaims.models import Article, ImportBatch, Outlet

pytestmark = pytest.mark.django_db
URL = "/admin/kzclaims/article/import/"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def good_jsonl():
    records = [
        {"outlet": "Kazinform", "title": "Тоқаев: тәртіп қалпына келді", "body": "Мәтін бір"},  # noqa: RUF001
        {"title": "Detected", "body": "ALMATY. Jan 5 (Interfax) - Tear gas was used."},
    ]
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()


def counts():
    return Article.objects.count(), Outlet.objects.count(), ImportBatch.objects.count()


def test_the_url_and_the_changelist_button(client, admin_user):
    assert reverse("admin:kzclaims_article_import") == URL
    client.force_login(admin_user)
    html = client.get(reverse("admin:kzclaims_article_changelist")).content.decode()
    assert f'href="{URL}"' in html


def test_only_admins_with_the_import_permission(client, editor, viewer, db):
    response = client.get(URL)
    assert response.status_code == 302 and "login/" in response["Location"]
    for user in (editor, viewer):  # not staff: the admin sends them to its login
        client.force_login(user)
        assert client.get(URL).status_code == 302
    staff = User.objects.create_user("sam", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "preview"}).status_code == 403
    html = client.get(reverse("admin:kzclaims_article_changelist")).content.decode()
    assert f'href="{URL}"' not in html


def test_preview_then_import(client, admin_user, seeds):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200
    duplicate = upload("seed.txt", seeds[1].body.encode())
    before = counts()
    response = client.post(
        URL, {"action": "preview", "files": [upload("a.jsonl", good_jsonl()), duplicate]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 to create, 1 to skip, 0 rejected; new outlet: Kazinform." in html
    assert "Тоқаев: тәртіп қалпына келді" in html
    assert 'Interfax <span class="help">(detected)</span>' in html
    assert f"already present as article {seeds[1].pk}" in html
    assert counts() == before  # a preview writes nothing
    token = response.context["token"]

    response = client.post(URL, {"action": "import", "token": token})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"{URL}?batch={batch.pk}"
    assert counts() == (before[0] + 2, before[1] + 1, 1)
    assert batch.created_by == admin_user
    html = client.get(response["Location"]).content.decode()
    assert "Imported 2 articles, skipped 1" in html
    assert "Articles extracted" in html

    # The preview is spent: replaying it imports nothing twice.
    response = client.post(URL, {"action": "import", "token": token}, follow=True)
    assert "expired" in response.content.decode()
    assert counts() == (before[0] + 2, before[1] + 1, 1)


def test_forged_token_imports_nothing(client, admin_user, db):
    client.force_login(admin_user)
    client.post(URL, {"action": "preview", "files": [upload("a.jsonl", good_jsonl())]})
    response = client.post(URL, {"action": "import", "token": "guess"}, follow=True)
    assert "expired" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_the_import_revalidates_against_the_database(client, admin_user, db):
    """Between preview and import another admin imports the same articles: nothing doubles."""
    from kzclaims.imports.services import import_articles

    client.force_login(admin_user)
    response = client.post(URL, {"action": "preview", "files": [upload("a.jsonl", good_jsonl())]})
    import_articles(files=[("other.jsonl", good_jsonl())], extract=False)
    before = counts()
    client.post(URL, {"action": "import", "token": response.context["token"]})
    assert counts()[0] == before[0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.jsonl", b'{"title": "x", "body": "y"}\n{"title": 1, "body": "z"', "invalid JSON"),
        ("a.jsonl", b'{"title": "no body"}', "body"),
        ("a.jsonl", b'{"body": "x", "date": "2022-01-01"}', "unknown field for an article"),
        ("a.jsonl", b'{"body": ["x"]}', "expected text, got an array"),
        ("win.txt", "Сообщение ТАСС".encode("cp1251"), "not UTF-8 text"),  # noqa: RUF001
        ("dump.json", b'[{"model": "auth.group", "fields": {"name": "x"}}]', "auth.group"),
    ],
)
def test_bad_upload_shows_where_and_changes_nothing(client, admin_user, seeds, name, data, message):
    client.force_login(admin_user)
    before = counts()
    response = client.post(URL, {"action": "preview", "files": [upload(name, data)]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html
    assert message in html
    assert f"<td>{name}</td><td>1</td>" in html or f"<td>{name}</td><td>2</td>" in html
    assert "confirm-import" not in html  # no Import button while anything is rejected
    assert counts() == before


def test_upload_over_the_size_limit(client, admin_user, seeds, settings):
    settings.KZCLAIMS_IMPORT_MAX_BYTES = 1000
    client.force_login(admin_user)
    before = counts()
    response = client.post(
        URL, {"action": "preview", "files": [upload("big.jsonl", b" " * 1001 + good_jsonl())]}
    )
    html = response.content.decode()
    assert re.search(r"big.jsonl: the upload is 1.\d\sKB; the limit is 1000\sbytes", html)
    assert "KZCLAIMS_IMPORT_MAX_BYTES" in html
    assert "Nothing was imported" in html
    assert counts() == before
