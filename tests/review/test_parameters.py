"""No query-string or form value makes a review or export view answer 500: unknown, malformed,
huge and non-ASCII values ("²", "٣", full-width digits, NUL) are refused or ignored with a
message. Property-based, bounded to a few dozen examples per view so the suite stays fast."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import make_claims

pytestmark = pytest.mark.django_db

QUERY_NAMES = [
    "q", "title", "outlet", "speaker", "speaker_type", "kind", "status", "stance", "date_from",
    "date_to", "article", "sort", "page", "bom", "next",
]  # fmt: skip
FORM_NAMES = ["status", "note", "evidence_url", "version", "claims", "query", "next", "place"]
TRICKY = [
    "²", "٣", "\uff11\uff12", "0", "-1", "1e9", "99999999999999999999", "2022-02-30", "2022-01-10",
    "\x00", "", " ", "None", "[]", "' OR 1=1 --", "<script>", "1:²", "²:1", "1:1", "verified",
    "official", "date", "relevance", "http://evil.example/", "//evil.example", "%", "_", "\\",
]  # fmt: skip
VALUES = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
PARAMS = st.dictionaries(
    st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=8)),
    st.lists(VALUES, min_size=1, max_size=2),
    max_size=5,
)
FORMS = st.dictionaries(st.sampled_from(FORM_NAMES), st.lists(VALUES, max_size=2), max_size=5)
BOUNDED = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture
def pages(editor):
    claim = make_claims(2)[0]
    return [
        reverse("review:queue"),
        reverse("review:claim", args=[claim.pk]),
        reverse("review:claim_row", args=[claim.pk]),
        reverse("review:claim_panel", args=[claim.pk]),
        reverse("review:article", args=[claim.article_id]),
        reverse("review:speaker", args=[claim.speaker_id or 1]),
        reverse("comparison:compare"),
        reverse("exports:csv"),
        reverse("exports:jsonl"),
        reverse("exports:claimreview"),
        reverse("exports:articles"),
    ], claim


def _client(user, htmx=False):
    client = Client(headers={"HX-Request": "true", "HX-Target": "results"} if htmx else {})
    client.force_login(user)
    return client


@BOUNDED
@given(params=PARAMS, htmx=st.booleans())
def test_no_query_string_gives_a_server_error(pages, editor, params, htmx):
    urls, _ = pages
    client = _client(editor, htmx)
    for url in urls:
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)
        if url.startswith("/export"):
            b"".join(response)  # a streamed export fails while streaming, not before


@BOUNDED
@given(data=FORMS, htmx=st.booleans())
def test_no_form_value_gives_a_server_error(pages, editor, data, htmx):
    _, claim = pages
    client = _client(editor, htmx)
    for url in (
        reverse("review:tag", args=[claim.pk]),
        reverse("review:undo", args=[claim.pk]),
        reverse("review:bulk_tag"),
    ):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)


@pytest.mark.parametrize("value", ["²", "١٢", "\uff11\uff12"])
def test_unicode_digits_are_refused_with_a_message(client, editor, value):
    claim = make_claims(1)[0]
    client.force_login(editor)
    queue = client.get(reverse("review:queue"), {"article": value, "page": value})
    assert queue.status_code == 200
    bulk = client.post(
        reverse("review:bulk_tag"), {"status": "verified", "claims": [f"{claim.pk}:{value}"]}
    )
    assert bulk.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "unreviewed"
