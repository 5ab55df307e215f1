import re
from html.parser import HTMLParser

import pytest

from kzclaims.models import Claim, Speaker
from kzclaims.review import selectors
from kzclaims.same_claims import official_only_suggestions

from .conftest import make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db


class ClaimText(HTMLParser):
    """Collects, per data-claim, the text inside its (possibly split) elements, and checks that
    the markup is well formed."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.plain = [], {}, []

    def handle_starttag(self, tag, attrs):
        self.stack.append((tag, dict(attrs).get("data-claim")))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"misnested </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.plain.append(data)
        for _, claim in self.stack:
            if claim:
                self.texts[claim] = self.texts.get(claim, "") + data


def test_highlight_matches_offsets_with_nesting_and_escaping(review_data):
    article = review_data[0].article
    article.body  # noqa: B018
    _, claims, html = selectors.article_reader(article.pk)
    parser = ClaimText()
    parser.feed(str(html))
    parser.close()
    assert not parser.stack
    assert "".join(parser.plain) == article.body
    for claim in claims:
        assert parser.texts[str(claim.pk)] == claim.content
    # the fragment nested in the indirect claim is inside its mark
    assert re.search(r'data-claim="\d+"[^>]*>[^<]*<mark[^>]*hl-fragment', str(html))


def test_highlight_escapes_the_body_and_survives_partial_overlap():
    class C:
        def __init__(self, pk, start, end):
            self.pk, self.start, self.end, self.kind, self.status = (
                pk,
                start,
                end,
                "direct",
                "verified",
            )
            self.speaker_start = self.speaker_end = self.cue_start = self.cue_end = None

        def get_status_display(self):
            return "Verified"

        def get_kind_display(self):
            return "Direct quotation"

    body = '<b>Tokayev</b> & said: "x < y" and more'
    html = str(selectors.highlight(body, [C(1, 0, 20), C(2, 10, 30)]))
    assert "<b>" not in html and "&lt;b&gt;" in html
    parser = ClaimText()
    parser.feed(html)
    assert parser.texts["1"] == body[0:20] and parser.texts["2"] == body[10:30]


def test_official_only_suggested_only_when_every_source_is_official():
    official = make_speaker("Ministry")
    other = make_speaker("Local resident", Speaker.Type.PUBLIC)
    a1, a2 = make_article(), make_article()
    only_official = make_claim(a1, "Constitutional order has been restored", speaker=official)
    same_by_official = make_claim(a2, "Constitutional order has been restored", speaker=official)
    mixed = make_claim(a1, "5,969 people have been detained", speaker=official)
    make_claim(a2, "5,969 people have been detained", speaker=other)
    unknown = make_claim(a1, "the situation has stabilized")
    suggested = official_only_suggestions(Claim.objects.select_related("speaker"))
    assert only_official.pk in suggested and same_by_official.pk in suggested
    assert mixed.pk not in suggested and unknown.pk not in suggested
    Claim.objects.filter(pk=only_official.pk).update(status="verified")
    assert only_official.pk not in official_only_suggestions(
        Claim.objects.select_related("speaker")
    )


@pytest.mark.parametrize("sort", ["date", "-date", "confidence", "status", "speaker"])
def test_every_page_holds_the_claims_of_its_place_in_the_list(sort, monkeypatch):
    from kzclaims.claim_filters import claims_from_query

    from .conftest import make_claims

    claims = make_claims(9)
    for n, claim in enumerate(claims):  # ties and distinct values in every sort key
        Claim.objects.filter(pk=claim.pk).update(
            confidence=(n % 3) / 3, status="verified" if n % 2 else "unreviewed"
        )
    _, ordered = claims_from_query({"sort": sort})
    expected = list(ordered.values_list("pk", flat=True))
    pages = [
        [c.pk for c in selectors.page_of(ordered, number, per_page=2)[1]] for number in range(1, 6)
    ]
    assert [pk for page in pages for pk in page] == expected


def test_context_snippet_is_cut_on_word_boundaries():
    from kzclaims.review.selectors import CONTEXT_CHARS, _context

    body = "alpha " * 100 + "CLAIM" + " omega" * 100
    start = body.index("CLAIM")
    before, after, cut_before, cut_after = _context(body, start, start + 5)
    assert cut_before and cut_after
    assert before.split()[0] == "alpha" and after.split()[-1] == "omega"
    assert len(before) <= CONTEXT_CHARS and len(after) <= CONTEXT_CHARS
    whole = _context("He said: CLAIM.", 9, 14)
    assert whole == ("He said: ", ".", False, False)
