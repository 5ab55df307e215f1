"""Every page needs a login; only the health check and the login pages answer strangers."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

PUBLIC = {"healthz", "login", "admin:login"}
SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x/y", "uuid": "0" * 32}


def sample_url(pattern) -> str | None:
    """A concrete path the pattern matches, with sample values for its parameters."""
    text = str(pattern.pattern)
    if hasattr(pattern.pattern, "converters") and "^" not in text:
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), text)
    # Regular expressions (the admin's app index): take each group's first alternative.
    text = re.sub(r"\(\?P<\w+>([^)|]+)[^)]*\)", r"\1", text)
    return text.strip("^$").replace("\\", "")


def walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        part = sample_url(pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from walk(pattern, prefix + part, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.lookup_str}", "/" + prefix + part


ROUTES = sorted(set(walk(get_resolver())))


def test_the_walk_finds_the_app_and_the_admin():
    names = {name for name, _ in ROUTES}
    assert {"healthz", "login", "admin:index", "review:queue"} <= names
    assert len(ROUTES) > 30


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [r for r in ROUTES if r[0] not in PUBLIC], ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_page_sends_strangers_to_a_login(client, name, url, method):
    assert resolve(url), url
    response = getattr(client, method)(url)
    assert response.status_code == 302, (name, url, response.status_code)
    assert re.match(r"^/(admin|accounts)/login/", response["Location"]), response["Location"]


@pytest.mark.django_db
def test_public_routes_are_only_health_and_login(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
