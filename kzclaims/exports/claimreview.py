"""schema.org ClaimReview JSON-LD for search engines and fact-check tools: one JSON-LD document
whose @graph holds a ClaimReview per reviewed claim, streamed an object at a time. Built from the
same records as the JSON Lines export (exports.fields), so both say the same.

The rating has no numeric scale, on purpose: verified, disputed and official-only are not points
on one line (official-only says who vouches for a claim, not how true it is), so every rating
carries `alternateName` and none carries ratingValue/bestRating/worstRating."""

import json
from itertools import batched

from django.conf import settings

from kzclaims.exports.fields import Export, records
from kzclaims.models import Claim, Speaker
from kzclaims.timezones import local_iso

RATINGS = {
    status: label for status, label in Claim.Status.choices if status != Claim.Status.UNREVIEWED
}
CONTEXT = "https://schema.org"


def reviewed(claims):
    """Only reviewed claims are published as reviews."""
    return claims.exclude(status=Claim.Status.UNREVIEWED)


def reviewer() -> dict:
    """The organisation publishing the reviews, from settings."""
    organisation = {
        "@type": "Organization",
        "name": settings.KZCLAIMS_REVIEWER_NAME,
        "url": settings.KZCLAIMS_REVIEWER_URL or settings.SITE_URL,
    }
    if settings.KZCLAIMS_REVIEWER_LOGO:
        organisation["logo"] = settings.KZCLAIMS_REVIEWER_LOGO
    return organisation


def claim_author(record: dict) -> dict | None:
    """The speaker as a Person or an Organization, by the speaker's kind. A speaker the
    extractor could not resolve (only "as written", kind unknown) is left out rather than
    guessed: `author` is recommended, a wrong type would be worse."""
    if not record["speaker"]:
        return None
    organisation = record["speaker_kind"] == Speaker.Kind.ORGANISATION or (
        record["speaker_type"] == Speaker.Type.MEDIA
    )
    return {"@type": "Organization" if organisation else "Person", "name": record["speaker"]}


def appearance(record: dict) -> dict:
    """The article the claim appeared in."""
    article = {
        "@type": "NewsArticle",
        "headline": record["article_title"],
        "publisher": {"@type": "Organization", "name": record["outlet"]},
    }
    if record["article_url"]:
        article["url"] = record["article_url"]
    if record["published"]:
        article["datePublished"] = record["published"]
    return article


FIRST_COLUMNS = (
    "pk",
    "same_group_id",
    "article__title",
    "article__url",
    "article__outlet__name",
    "article__published",
    "article__published_zone",
)


def first_appearances(claim_ids, *, using=None) -> dict[int, dict]:
    """Claim id -> where its statement first appeared: the earliest article among the claims of
    its same-claim group (kzclaims.same_claims), the same statement relayed by other outlets.
    Two queries for a chunk of claims; a claim alone appeared first in its own article."""
    groups = dict(
        Claim.objects.using(using)
        .filter(pk__in=claim_ids, same_group__isnull=False)
        .values_list("pk", "same_group_id")
    )
    if not groups:
        return {}
    earliest = {}
    reports = (
        Claim.objects.using(using)
        .filter(same_group_id__in=set(groups.values()), superseded_at__isnull=True)
        .exclude(article__published__isnull=True)
        .order_by("same_group_id", "article__published", "article_id")
        .values_list(*FIRST_COLUMNS)
    )
    for _pk, group, title, url, outlet, published, zone in reports:
        earliest.setdefault(
            group,
            appearance(
                {
                    "article_title": title,
                    "article_url": url,
                    "outlet": outlet,
                    "published": local_iso(published, zone),
                }
            ),
        )
    return {pk: earliest[group] for pk, group in groups.items() if group in earliest}


def reviewed_records(claims, export: Export | None = None, *, chunk_size: int = 500):
    """(record, first appearance or None) for each reviewed claim of `claims`."""
    for chunk in batched(records(reviewed(claims), export or Export()), chunk_size):
        firsts = first_appearances([record["claim_id"] for record in chunk], using=claims.db)
        for record in chunk:
            yield record, firsts.get(record["claim_id"])


def claim_review(record: dict, author: dict, first: dict | None = None) -> dict:
    seen_in = appearance(record)
    claim = {"@type": "Claim", "text": record["content"], "appearance": seen_in}
    # The earliest outlet's report of the same statement; a claim no other outlet relayed
    # first appeared where it stands.
    claim["firstAppearance"] = first or seen_in
    if record["published"]:
        claim["datePublished"] = record["published"]
    if speaker := claim_author(record):
        claim["author"] = speaker
    review = {
        "@type": "ClaimReview",
        "url": record["claim_url"],
        "claimReviewed": record["content"],
        "itemReviewed": claim,
        "author": author,
        "reviewRating": {"@type": "Rating", "alternateName": RATINGS[record["status"]]},
    }
    if record["reviewed_at"]:
        review["datePublished"] = record["reviewed_at"]
    if record["note"]:
        review["reviewBody"] = record["note"]
    if record["evidence_url"]:
        review["citation"] = {"@type": "WebPage", "url": record["evidence_url"]}
    return review


def claimreview_chunks(claims, *, export: Export | None = None):
    """The JSON-LD document `{"@context": ..., "@graph": [...]}`, a ClaimReview at a time."""
    author = reviewer()
    yield '{"@context": "' + CONTEXT + '", "@graph": ['
    separator = "\n"
    for record, first in reviewed_records(claims, export):
        yield separator + json.dumps(claim_review(record, author, first), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"
