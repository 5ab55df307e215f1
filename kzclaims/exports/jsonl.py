"""JSON Lines exports: claims (one object a line, with the article they come from), and the
articles behind them in the import format, so an export re-imports into an empty database."""

import json

from kzclaims.exports.common import claim_rows
from kzclaims.models import Article


def _iso(value):
    return value.isoformat() if value else None


def claim_object(row: dict, figures) -> dict:
    return {
        "id": row["id"],
        "article": {
            "id": row["article_id"],
            "title": row["article__title"],
            "outlet": row["article__outlet__name"],
            "published": _iso(row["article__published"]),
            "url": row["article__url"],
        },
        "speaker": row["speaker__name"],
        "speaker_type": row["speaker__speaker_type"],
        "speaker_mention": row["speaker_mention"],
        "kind": row["kind"],
        "content": row["content"],
        "cue": row["cue"],
        "stance": row["cue_stance"],
        "channel": row["channel"],
        "via": row["via"],
        "framing": row["framing"] or {},
        "figures": [
            {"text": text, "value": str(value) if value is not None else None, "subject": subject}
            for text, value, subject in figures
        ],
        "confidence": row["confidence"],
        "status": row["status"],
        "reviewed_by": row["reviewed_by__username"],
        "reviewed_at": _iso(row["reviewed_at"]),
        "note": row["note"],
        "evidence_url": row["evidence_url"],
    }


def jsonl_lines(claims):
    """One JSON object a line per claim of `claims`."""
    for row, figures in claim_rows(claims):
        yield json.dumps(claim_object(row, figures), ensure_ascii=False) + "\n"


def selected_articles(claims, *, everything: bool = False):
    """The articles behind `claims`; with `everything`, every article, claims or not."""
    articles = (
        Article.objects.all()
        if everything
        else Article.objects.filter(pk__in=claims.order_by().values("article_id"))
    )
    return articles.select_related("outlet").order_by("pk")


def article_lines(articles, *, chunk_size: int = 200):
    """Articles in the JSON Lines import format: outlet, title, published, url, body."""
    fields = ("outlet__name", "title", "published", "url", "body")
    for outlet, title, published, url, body in articles.values_list(*fields).iterator(
        chunk_size=chunk_size
    ):
        record = {
            "outlet": outlet,
            "title": title,
            "published": _iso(published),
            "url": url,
            "body": body,
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
