"""The article reader marks a split quotation's parts apart (the attribution between them is
not the speaker's words) and lists a nested claim or a fragment under the claim it was
reported in."""

import re

import pytest
from django.urls import reverse

from kzclaims.models import Claim
from kzclaims.review import selectors

from .conftest import make_article, make_claim
from .test_selectors import ClaimText

pytestmark = pytest.mark.django_db

BODY = (
    '"The water is safe," Dr. Lena Park said. "Boiling it is not necessary."\n\n'
    "The governor said the ministry reported that 300 people had been evacuated."
)


@pytest.fixture
def reader_article():
    article = make_article(body=BODY)
    body = article.body
    first, second = "The water is safe", "Boiling it is not necessary."
    a, b = body.index(first), body.index(second)
    split = make_claim(article, body[a : b + len(second)], kind=Claim.Kind.DIRECT)
    split.part_spans = [[a, a + len(first)], [b, b + len(second)]]
    split.content = f"{first} {second}"
    split.save()
    clause = make_claim(
        article,
        "the ministry reported that 300 people had been evacuated",
        kind=Claim.Kind.INDIRECT,
    )
    nested = make_claim(
        article, "that 300 people had been evacuated", kind=Claim.Kind.INDIRECT, nested=True
    )
    nested.parent = clause
    nested.save()
    return article, split, clause, nested


def test_split_quotation_parts_are_marked_apart(reader_article):
    article, split, _, _ = reader_article
    _, _, html = selectors.article_reader(article.pk)
    html = str(html)
    parser = ClaimText()
    parser.feed(html)
    parser.close()
    assert "".join(parser.plain) == article.body
    # The parts' text, without the attribution between them.
    assert parser.texts[str(split.pk)] == "The water is safeBoiling it is not necessary."
    assert "Dr. Lena Park said" not in parser.texts[str(split.pk)]
    marks = re.findall(rf'<mark [^>]*data-claim="{split.pk}"[^>]*>', html)
    assert len(marks) == 2
    # One part takes the focus (keyboard, click), the other is only a highlight.
    assert sum(f'data-n="{split.pk}"' in m for m in marks) == 1


def test_nested_claim_is_listed_under_its_parent(client, editor, reader_article):
    article, _, clause, nested = reader_article
    client.force_login(editor)
    html = client.get(reverse("review:article", args=[article.pk])).content.decode()
    item = re.search(rf'<li id="claim-text-{clause.pk}">(.*?)</li>\s*</ol></li>', html, re.S)
    assert item, html
    assert f'id="claim-text-{nested.pk}"' in item.group(1)
    assert "Nested" in item.group(1)
    # Listed once, inside its parent, not again at the top level.
    assert html.count(f'id="claim-text-{nested.pk}"') == 1
