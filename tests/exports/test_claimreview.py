"""ClaimReview JSON-LD and Fact Check Tools markup: reviewed claims only, absolute addresses from
SITE_URL, the reviewing organisation from settings, and every node checked against the
schema.org vocabulary."""

import json

import pytest
from django.urls import reverse

from tests.exports.conftest import NOTE
from tests.exports.schemaorg import vocabulary

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"


def download(client, name, query=""):
    response = client.get(reverse(f"exports:{name}") + query)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode("utf-8"), response


def claimreview(client, viewer, query=""):
    client.force_login(viewer)
    text, response = download(client, "claimreview", query)
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(text)


def test_only_reviewed_claims_with_absolute_urls_and_the_desk_as_author(
    client, viewer, full_claims, site
):
    document = claimreview(client, viewer)
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    verified, _ministry, disputed, official = full_claims
    assert [r["url"] for r in reviews] == [
        f"https://claims.example.org/claims/{claim.pk}/" for claim in (verified, disputed, official)
    ]
    assert {r["reviewRating"]["alternateName"] for r in reviews} == {
        "Verified",
        "Disputed",
        "Official-only",
    }
    for review in reviews:
        assert review["author"] == {
            "@type": "Organization",
            "name": "Example Desk",
            "url": "https://desk.example.org/",
            "logo": "https://desk.example.org/logo.png",
        }
        # No numeric scale on any rating: the three verdicts are not points on one line.
        assert set(review["reviewRating"]) == {"@type", "alternateName"}

    first = reviews[0]
    assert first["claimReviewed"] == "Ситуация стабилизировалась во всех регионах"
    assert first["datePublished"] == "2022-01-11T08:30:00+00:00"
    assert first["reviewBody"] == NOTE
    assert first["citation"] == {"@type": "WebPage", "url": "https://akorda.example/news/1"}
    item = first["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Қасым-Жомарт Тоқаев"}
    assert item["datePublished"] == "2022-01-10T09:01:00+03:00"
    assert item["appearance"] == {
        "@type": "NewsArticle",
        "headline": "Situation stabilizes across all regions of Kazakhstan - Tokayev",
        "publisher": {"@type": "Organization", "name": "Interfax"},
        "url": "https://interfax.example/news/1?a=1&b=2",
        "datePublished": "2022-01-10T09:01:00+03:00",
    }
    assert item["firstAppearance"] == item["appearance"]
    # A speaker the extractor could not resolve is not guessed into a Person.
    assert "author" not in reviews[1]["itemReviewed"]
    # The dateline MOSCOW article at midnight keeps its own day.
    assert reviews[2]["itemReviewed"]["datePublished"] == "2022-01-06T00:00:00+03:00"


def test_an_organisation_speaker_is_an_organization(client, viewer, full_claims, site):
    from kzclaims.models import Claim

    Claim.objects.filter(pk=full_claims[1].pk).update(status=Claim.Status.VERIFIED)
    reviews = claimreview(client, viewer, "?outlet=interfax")["@graph"]
    authors = {r["itemReviewed"]["author"]["name"]: r["itemReviewed"]["author"] for r in reviews}
    assert authors["МВД Казахстана"]["@type"] == "Organization"
    assert authors["Қасым-Жомарт Тоқаев"]["@type"] == "Person"


def test_every_node_is_valid_schema_org(client, viewer, full_claims, site):
    vocab = vocabulary()
    document = claimreview(client, viewer)
    assert document["@graph"]
    assert vocab.problems(document) == []


def test_the_properties_fact_check_consumers_require_and_recommend(
    client, viewer, full_claims, site
):
    """Checked on the expanded document, so a misspelt or mis-nested key cannot pass."""
    from pyld import jsonld

    from tests.exports.schemaorg import _local_loader

    vocabulary()  # skips cleanly outside CI when the vocabulary is absent
    document = claimreview(client, viewer)
    expanded = jsonld.expand(document, {"documentLoader": _local_loader})
    assert len(expanded) == 3

    def values(node, *path):
        found = [node]
        for name in path:
            found = [v for n in found for v in n.get(SCHEMA + name, [])]
        return found

    for review in expanded:
        assert review["@type"] == [SCHEMA + "ClaimReview"]
        assert values(review, "claimReviewed")
        assert values(review, "reviewRating", "alternateName")
        assert [v["@value"].startswith("https://") for v in values(review, "url")] == [True]
        assert values(review, "datePublished")
        assert values(review, "itemReviewed", "appearance")
        assert values(review, "itemReviewed", "datePublished")
    # The recommended author: on every claim whose speaker is known.
    with_speaker = [r for r in expanded if values(r, "itemReviewed", "author")]
    reviewed_with_speaker = [c for c in full_claims if c.status != "unreviewed" and c.speaker_id]
    assert len(with_speaker) == len(reviewed_with_speaker) == 1


def test_the_checker_fails_on_what_schema_org_does_not_allow():
    vocab = vocabulary()
    bad = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ClaimReview",
                "reviewRating": {"@type": "Rating", "alternateName": "Disputed", "verdict": "x"},
                "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "logo": "x"}},
            },
            {"@type": "FactCheck"},
        ],
    }
    problems = vocab.problems(bad)
    assert any("verdict: unknown property" in p for p in problems)
    assert any("author/logo: not a property of" in p for p in problems)
    assert any("unknown type https://schema.org/FactCheck" in p for p in problems)


def test_fact_check_tools_markup_pages(client, viewer, full_claims, site):
    client.force_login(viewer)
    text, response = download(client, "factcheck")
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    pages = [json.loads(line) for line in text.splitlines()]
    verified = full_claims[0]
    assert len(pages) == 3
    assert pages[0] == {
        "pageUrl": f"https://claims.example.org/claims/{verified.pk}/",
        "claimReviewAuthor": {
            "name": "Example Desk",
            "imageUrl": "https://desk.example.org/logo.png",
        },
        "publishDate": "2022-01-11",
        "claimReviewMarkups": [
            {
                "url": f"https://claims.example.org/claims/{verified.pk}/",
                "claimReviewed": "Ситуация стабилизировалась во всех регионах",
                "rating": {"textualRating": "Verified", "ratingExplanation": NOTE},
                "claimDate": "2022-01-10T09:01:00+03:00",
                "claimAppearances": ["https://interfax.example/news/1?a=1&b=2"],
                "claimFirstAppearance": "https://interfax.example/news/1?a=1&b=2",
                "claimAuthor": {"name": "Қасым-Жомарт Тоқаев"},
            }
        ],
    }
    # Only the fields of the API's ClaimReviewMarkupPage, ClaimReviewMarkup, ClaimAuthor and
    # ClaimRating messages.
    page_fields = {"pageUrl", "publishDate", "claimReviewAuthor", "claimReviewMarkups"}
    markup_fields = {
        "url", "claimReviewed", "claimDate", "claimLocation", "claimAppearances",
        "claimFirstAppearance", "claimAuthor", "rating",
    }  # fmt: skip
    rating_fields = {
        "textualRating", "ratingValue", "bestRating", "worstRating", "ratingExplanation",
        "imageUrl",
    }  # fmt: skip
    for page in pages:
        assert set(page) <= page_fields
        assert set(page["claimReviewAuthor"]) <= {"name", "imageUrl"}
        for markup in page["claimReviewMarkups"]:
            assert set(markup) <= markup_fields
            assert {"claimReviewed", "rating"} <= set(markup)
            assert set(markup["rating"]) <= rating_fields and markup["rating"]["textualRating"]
            assert set(markup.get("claimAuthor", {})) <= {"name", "jobTitle", "imageUrl", "sameAs"}


def test_the_readme_examples_are_valid():
    """The README's ClaimReview example passes the same vocabulary check; its Fact Check Tools
    example has the shape the export writes."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    claimreview_part = readme.split("### ClaimReview", 1)[1]
    factcheck_part = readme.split("### Fact Check Tools", 1)[1]
    block = re.compile(r"```json\n(.*?)```", re.DOTALL)
    example = json.loads(block.search(claimreview_part).group(1))
    assert vocabulary().problems(example) == []
    page = json.loads(block.search(factcheck_part).group(1))
    assert set(page) == {"pageUrl", "claimReviewAuthor", "publishDate", "claimReviewMarkups"}


def test_first_appearance_is_the_earliest_outlet_reporting_the_same_statement(
    client, viewer, full_claims, site
):
    from kzclaims.models import Article, Claim, SameClaimGroup

    verified, _ministry, _disputed, official = full_claims
    # The same statement, reported by the MOSCOW-datelined article four days earlier.
    group = SameClaimGroup.objects.create(claim_count=2, outlet_count=2)
    Claim.objects.filter(pk__in=[verified.pk, official.pk]).update(same_group=group)
    earlier = Article.objects.get(pk=official.article_id)
    Article.objects.filter(pk=earlier.pk).update(url="https://izvestia.example/1")

    reviews = {r["url"]: r for r in claimreview(client, viewer)["@graph"]}
    item = reviews[f"https://claims.example.org/claims/{verified.pk}/"]["itemReviewed"]
    assert item["appearance"]["publisher"]["name"] == "Interfax"
    assert item["firstAppearance"]["url"] == "https://izvestia.example/1"
    assert item["firstAppearance"]["datePublished"] == "2022-01-06T00:00:00+03:00"
    assert item["firstAppearance"]["headline"] == earlier.title
    assert vocabulary().problems({"@context": "https://schema.org", "@graph": [item]}) == []

    text, _ = download(client, "factcheck")
    pages = [json.loads(line) for line in text.splitlines()]
    page = next(p for p in pages if p["pageUrl"].endswith(f"/claims/{verified.pk}/"))
    assert page["claimReviewMarkups"][0]["claimFirstAppearance"] == "https://izvestia.example/1"
