import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kzclaims.models import Claim, ReviewEvent

from .conftest import make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def claim(review_data):
    return review_data[1]


def page_urls(claim):
    return [
        reverse("review:queue"),
        reverse("review:claim", args=[claim.pk]),
        reverse("review:claim_panel", args=[claim.pk]),
        reverse("review:claim_row", args=[claim.pk]),
        reverse("review:article", args=[claim.article_id]),
        reverse("review:speaker", args=[claim.speaker_id]),
        reverse("comparison:compare"),
    ]


def write_urls(claim):
    return [
        reverse("review:tag", args=[claim.pk]),
        reverse("review:undo", args=[claim.pk]),
        reverse("review:bulk_tag"),
    ]


def test_every_view_requires_login(client, claim):
    for url in page_urls(claim) + write_urls(claim):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_pages_render_for_viewers_without_working_buttons(client, viewer, claim):
    client.force_login(viewer)
    for url in page_urls(claim):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"tag-form" not in response.content, url
        assert b'id="bulk-form"' not in response.content, url
        assert b'data-key="v"' not in response.content, url
        assert reverse("review:tag", args=[claim.pk]).encode() not in response.content


def test_editors_get_tag_buttons(client, editor, claim):
    client.force_login(editor)
    response = client.get(reverse("review:queue"))
    assert b'value="verified"' in response.content
    assert reverse("review:tag", args=[claim.pk]).encode() in response.content


def test_viewers_get_403_on_every_write(client, viewer, claim):
    client.force_login(viewer)
    data = {"status": "verified", "version": 1, "claims": [f"{claim.pk}:1"]}
    for url in write_urls(claim):
        for headers in ({}, HTMX):
            assert client.post(url, data, headers=headers).status_code == 403, url
    claim.refresh_from_db()
    assert claim.status == "unreviewed" and not ReviewEvent.objects.exists()


def test_writes_need_post(client, editor, claim):
    client.force_login(editor)
    assert client.get(reverse("review:tag", args=[claim.pk])).status_code == 405


def test_csrf_is_enforced_on_htmx_writes(editor, claim):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor)
    url = reverse("review:tag", args=[claim.pk])
    data = {"status": "verified", "version": 1}
    assert csrf_client.post(url, data, headers=HTMX).status_code == 403
    assert not ReviewEvent.objects.exists()
    page = csrf_client.get(reverse("review:queue"))
    token = page.context["csrf_token"]
    assert f'"X-CSRFToken": "{token}"'.encode() in page.content  # hx-headers on <body>
    response = csrf_client.post(url, data, headers={**HTMX, "X-CSRFToken": str(token)})
    assert response.status_code == 200
    assert ReviewEvent.objects.count() == 1


def test_htmx_tag_swaps_only_the_row(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "disputed", "version": 1, "note": "Contradicted", "place": "row"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<li class="claim-row st-disputed" id="claim-{claim.pk}"')
    assert "<html" not in html and "Tagged Disputed" in html
    assert "claim-tagged" in response["HX-Trigger-After-Swap"]
    claim.refresh_from_db()
    assert (claim.status, claim.note, claim.version) == ("disputed", "Contradicted", 2)


def test_tagging_a_claim_that_does_not_exist_is_a_404_and_writes_nothing(
    client, editor, viewer, claim
):
    url = reverse("review:tag", args=[10**9])
    sent = {"status": "verified", "version": 1, "place": "row"}
    for user in (editor, viewer):
        client.force_login(user)
        assert client.post(url, sent, headers=HTMX).status_code == 404
        assert client.post(url, sent).status_code == 404
        assert client.post(url, {"status": "nonsense"}, headers=HTMX).status_code == 404
    assert not ReviewEvent.objects.exists()


def test_a_tag_request_reads_the_claim_once_before_writing(
    client, editor, claim, django_assert_num_queries
):
    """The desk repeats this request all day (bench/tagging_load.py): session, user, role,
    the editor's permissions (2), whether the editor reviews this claim blind (kzclaims.team),
    the claim with its write (BEGIN, SELECT, UPDATE, INSERT event, the editor's assigned row
    marked done, COMMIT), then the row it answers with (the claim, its same-claim group, what
    of its blind reviews the editor may see (2) and the editor's time zone)."""
    client.force_login(editor)
    url = reverse("review:tag", args=[claim.pk])
    with django_assert_num_queries(17):
        response = client.post(url, {"status": "verified", "version": 1}, headers=HTMX)
    assert response.status_code == 200


def test_stale_write_via_view_is_refused_and_shows_who(client, editor, admin_user, claim):
    client.force_login(admin_user)
    client.post(reverse("review:tag", args=[claim.pk]), {"status": "disputed", "version": 1})
    client.force_login(editor)
    response = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "verified", "version": 1, "note": "Mine"},
        headers=HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "ada changed this claim to Disputed" in html
    assert 'value="2"' in html  # the row re-renders with the current version
    claim.refresh_from_db()
    assert (claim.status, claim.note, claim.version) == ("disputed", "", 2)
    assert ReviewEvent.objects.count() == 1


def test_without_javascript_tag_redirects_back_with_a_message(client, editor, claim):
    client.force_login(editor)
    back = reverse("review:queue") + "?status=unreviewed"
    response = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "verified", "version": 1, "next": back},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == back
    assert "Tagged Verified" in response.content.decode()
    unsafe = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "disputed", "version": 2, "next": "https://evil.example/"},
    )
    assert unsafe["Location"] == claim.get_absolute_url()


def test_invalid_tag_is_rejected(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "bogus", "version": 1},
        headers=HTMX,
    )
    assert response.status_code == 422 and "Not saved" in response.content.decode()
    assert not ReviewEvent.objects.exists()


def test_undo_view(client, editor, claim):
    client.force_login(editor)
    client.post(reverse("review:tag", args=[claim.pk]), {"status": "verified", "version": 1})
    response = client.post(reverse("review:undo", args=[claim.pk]), {"version": 2}, headers=HTMX)
    assert response.status_code == 200 and "Undone" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "unreviewed" and claim.version == 3


def test_bulk_tag_view(client, editor, review_data):
    client.force_login(editor)
    picked = review_data[:3]
    response = client.post(
        reverse("review:bulk_tag"),
        {
            "status": "official_only",
            "claims": [f"{c.pk}:{c.version}" for c in picked],
            "query": "status=unreviewed",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tagged 3 claim(s) Official-only" in html
    # the results re-render for the same filters: the tagged claims left the unreviewed list
    assert f'id="claim-{picked[0].pk}"' not in html
    assert Claim.objects.filter(status="official_only").count() == 3
    assert ReviewEvent.objects.count() == 3


def test_queue_filters_and_fragments(client, editor, review_data):
    client.force_login(editor)
    url = reverse("review:queue")
    full = client.get(url, {"outlet": "tass", "kind": "fragment"})
    assert full.status_code == 200 and b"<html" in full.content
    assert len(full.context["claims"]) == 1
    fragment = client.get(
        url, {"outlet": "tass", "q": "terrorists"}, headers={**HTMX, "HX-Target": "results"}
    )
    assert b"<html" not in fragment.content
    assert [c.content for c in fragment.context["claims"]] == ["“terrorists” were still active"]
    assert "HX-Request" in fragment["Vary"]
    # a history restore gets the whole page
    restore = client.get(
        url, headers={**HTMX, "HX-Target": "results", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in restore.content
    bad = client.get(url, {"status": "nonsense"})
    assert bad.status_code == 200 and list(bad.context["claims"]) == []
    assert b"Select a valid choice" in bad.content


def test_queue_shows_suggestion_and_export_links(client, editor, review_data):
    client.force_login(editor)
    html = client.get(reverse("review:queue"), {"outlet": "tass"}).content.decode()
    assert "Suggested: official-only" in html  # Tokayev and the ministry are officials
    # The badge says why, in its title and in text a screen reader reads.
    assert 'title="Only official sources: ' in html
    assert '<span class="visually-hidden">. Only official sources: ' in html
    if reverse("exports:csv", urlconf=None):
        assert "outlet=tass" in html.split("CSV")[0].rsplit("href=", 1)[-1]


def test_claim_page_shows_history(client, editor, claim):
    client.force_login(editor)
    client.post(
        reverse("review:tag", args=[claim.pk]), {"status": "verified", "version": 1, "note": "n1"}
    )
    client.post(reverse("review:tag", args=[claim.pk]), {"status": "disputed", "version": 2})
    html = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert html.index("Verified →") > html.index("History") or "Disputed" in html
    assert html.count("<li><time") == 2 and "n1" in html
    assert "Tokayev stressed" in html  # the article text around the claim


def test_speaker_page_lists_aliases_and_outlets(client, viewer, review_data):
    client.force_login(viewer)
    speaker = review_data[0].speaker
    html = client.get(reverse("review:speaker", args=[speaker.pk])).content.decode()
    assert "Kazakh President Kassym-Jomart Tokayev" in html
    assert "Interfax" in html and "TASS" in html and "Official" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("screen", ["queue", "article", "speaker", "compare"])
def test_query_count_does_not_grow_with_the_page(client, editor, screen):
    client.force_login(editor)
    speaker = make_speaker("Official")
    # One earlier report of the same claims, so that both rounds have same-claim groups.
    earlier = make_article(body=". ".join(f"claim{i:04d} said something" for i in range(50)))
    for i in range(50):
        make_claim(earlier, f"claim{i:04d} said something", speaker=speaker)
    counts = []
    for n in (5, 50):
        article = make_article(
            body=". ".join(f"claim{i:04d} said something" for i in range(n)),
        )
        claims = [
            make_claim(
                article,
                f"claim{i:04d} said something",
                speaker=speaker,
                kind=Claim.Kind.INDIRECT,
                cue="said",
                stance="neutral",
                framing={"labels": ["militants"]},
                figures=[(str(i + 100), str(i + 100), f"subject {i}")],
            )
            for i in range(n)
        ]
        url = {
            "queue": reverse("review:queue") + f"?article={article.pk}",
            "article": reverse("review:article", args=[article.pk]),
            "speaker": reverse("review:speaker", args=[speaker.pk]),
            "compare": reverse("comparison:compare"),
        }[screen]
        counts.append(_count(client, url))
        assert len(claims) == n
    assert counts[0] == counts[1], counts


def test_queue_page_query_budget(client, editor, review_data, django_assert_max_num_queries):
    client.force_login(editor)
    # 10 for the queue, 1 for the team notice (claims awaiting the user, disagreements), 2
    # for the page's blind reviews (kzclaims/team/selectors.attach_blind), 1 for the newest
    # claim id (the new-claims poll's mark) and 1 for the user's time zone.
    with django_assert_max_num_queries(15):
        client.get(reverse("review:queue"))


def test_claim_page_query_count_does_not_grow_with_history(client, editor, claim):
    from kzclaims.review import services

    client.force_login(editor)
    url = reverse("review:claim", args=[claim.pk])
    counts = []
    version = 1
    for n in (5, 50):
        while version <= n:
            services.tag_claim(
                claim_id=claim.pk,
                user=editor,
                status="verified" if version % 2 else "disputed",
                note=f"n{version}",
                expected_version=version,
            )
            version += 1
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts


def test_bulk_tag_without_javascript_and_pagination_keeps_filters(client, editor, review_data):
    from kzclaims.review import selectors

    client.force_login(editor)
    response = client.post(
        reverse("review:bulk_tag"),
        {"status": "verified", "claims": [f"{review_data[0].pk}:1"], "query": "outlet=tass"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/?outlet=tass"
    assert "Tagged 1 claim(s) Verified" in response.content.decode()
    empty = client.post(reverse("review:bulk_tag"), {"status": "verified", "query": ""})
    assert empty.status_code == 302 and ReviewEvent.objects.count() == 1

    old = selectors.PAGE_SIZE
    selectors.PAGE_SIZE = 2
    try:
        html = client.post(
            reverse("review:bulk_tag"),
            {"status": "disputed", "claims": [f"{review_data[1].pk}:1"], "query": "outlet=tass"},
            headers=HTMX,
        ).content.decode()
    finally:
        selectors.PAGE_SIZE = old
    assert "?outlet=tass&amp;page=2" in html


TYPED_NOTE = "Line one\r\nThe ministry\u2019s own release & \u201cquote\u201d <b>"


@pytest.mark.parametrize(
    ("sent", "reason", "field"),
    [
        ({"note": "x" * 2001}, "at most 2000", "note"),
        (
            {"note": TYPED_NOTE, "evidence_url": "https://intranet/page"},
            "full web address",
            "evidence_url",
        ),
        ({"note": TYPED_NOTE, "version": "stale"}, "version", None),
    ],
)
def test_a_refused_write_gives_back_what_was_typed(client, editor, claim, sent, reason, field):
    client.force_login(editor)
    data = {"status": "verified", "version": 1, "place": "row", **sent}
    response = client.post(reverse("review:tag", args=[claim.pk]), data, headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert reason in html
    assert response["X-Kz-Refused"] == "form"
    from django.utils.html import escape

    assert f">{escape(data['note'])}</textarea>" in html
    if "evidence_url" in data:
        assert f'value="{escape(data["evidence_url"])}"' in html
    if field:
        assert f'id="{field.replace("_url", "")}-error-{claim.pk}"' in html
        assert 'aria-invalid="true"' in html
    assert not ReviewEvent.objects.exists()


def test_a_conflict_keeps_the_typed_note_and_offers_to_reapply(client, editor, admin_user, claim):
    client.force_login(admin_user)
    client.post(reverse("review:tag", args=[claim.pk]), {"status": "verified", "version": 1})
    client.force_login(editor)
    sent = {"status": "disputed", "version": 1, "note": "Contradicted by OHCHR", "place": "row"}
    response = client.post(reverse("review:tag", args=[claim.pk]), sent, headers=HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "ada changed this claim to Verified" in html
    assert ">Contradicted by OHCHR</textarea>" in html
    assert 'class="reapply" data-key="a"' in html and 'value="disputed"' in html
    assert 'name="version" value="2"' in html
    url = reverse("review:tag", args=[claim.pk])
    again = client.post(url, {**sent, "version": 2}, headers=HTMX)
    assert again.status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.note) == ("disputed", "Contradicted by OHCHR")


def test_a_refused_write_without_javascript_renders_the_claim_page_with_the_text(
    client, editor, claim
):
    client.force_login(editor)
    response = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "verified", "version": 1, "note": "Mine", "evidence_url": "https://x/"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" in html and ">Mine</textarea>" in html and 'value="https://x/"' in html


def test_a_permission_lost_mid_session_keeps_the_text(client, viewer, claim):
    client.force_login(viewer)
    sent = {"status": "", "version": 1, "note": "Typed before my role changed", "place": "row"}
    response = client.post(reverse("review:tag", args=[claim.pk]), sent, headers=HTMX)
    assert response.status_code == 403
    assert response["X-Kz-Refused"] == "form"
    assert ">Typed before my role changed</textarea>" in response.content.decode()
    assert not ReviewEvent.objects.exists()


def test_a_note_alone_is_saved_and_shown_as_a_note_event(client, editor, claim):
    client.force_login(editor)
    sent = {"status": "", "version": 1, "note": "Line one\r\nline two", "place": "row"}
    response = client.post(reverse("review:tag", args=[claim.pk]), sent, headers=HTMX)
    assert response.status_code == 200
    assert "claim-noted" in response["HX-Trigger-After-Swap"]
    claim.refresh_from_db()
    assert (claim.status, claim.note) == ("unreviewed", "Line one\nline two")
    page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert "note or evidence" in page and "Unreviewed → Unreviewed" not in page


def test_client_limits_match_the_server(client, editor, claim):
    from kzclaims.review.forms import EVIDENCE_MAX, NOTE_MAX

    client.force_login(editor)
    for url in (reverse("review:queue"), reverse("review:claim", args=[claim.pk])):
        html = client.get(url).content.decode()
        assert f'name="note" rows="2" maxlength="{NOTE_MAX}"' in html
        assert 'type="url" id="' in html and f'maxlength="{EVIDENCE_MAX}"' in html
    # a note of exactly the limit with CRLF line endings (as browsers send) is accepted
    note = ("a" * 99 + "\r\n") * 19 + "a" * (NOTE_MAX - 19 * 100)
    response = client.post(
        reverse("review:tag", args=[claim.pk]),
        {"status": "", "version": 1, "note": note, "place": "row"},
        headers=HTMX,
    )
    assert response.status_code == 200


def test_history_steps_answer_htmx_with_the_changed_claims(client, editor, viewer, claim):
    client.force_login(editor)
    client.post(reverse("review:tag", args=[claim.pk]), {"status": "verified", "version": 1})
    response = client.post(reverse("review:undo_step"), headers=HTMX)
    assert response.status_code == 204
    assert f'"ids": [{claim.pk}]' in response["HX-Trigger"]
    claim.refresh_from_db()
    assert claim.status == "unreviewed"
    back = client.post(reverse("review:redo_step"), {"next": "/?status=verified"})
    assert back["Location"] == "/?status=verified"
    claim.refresh_from_db()
    assert claim.status == "verified"
    client.force_login(viewer)
    assert client.post(reverse("review:undo_step")).status_code == 403


def test_article_reader_names_an_unknown_speaker(client, viewer):
    article = make_article()
    make_claim(article, "5,969 people have been detained")
    client.force_login(viewer)
    html = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "Unknown speaker: 5,969" in html and "?: " not in html


def test_error_pages_are_the_apps_own(client, rf, editor, viewer, claim):
    from django.views import defaults

    client.force_login(viewer)
    forbidden = client.post(reverse("review:tag", args=[claim.pk]), {"status": "verified"})
    assert forbidden.status_code == 403
    assert b'class="error-page"' in forbidden.content and b"Only editors" in forbidden.content
    missing = client.get(reverse("review:claim", args=[10**9]))
    assert missing.status_code == 404 and b'class="error-page"' in missing.content
    assert b"app.css" in missing.content
    failed = defaults.server_error(rf.get("/"))
    assert failed.status_code == 500 and b'class="error-page"' in failed.content
