"""Team-review rows made directly (the blind tagging service is kzclaims/team/'s): assignments,
editors' blind tags and the double-review state, on claims whose offsets match their article."""

import itertools

from kzclaims.agreement.selectors import TAGS
from kzclaims.models import (
    Article,
    AssignedClaim,
    Assignment,
    BlindReview,
    Claim,
    DoubleReview,
    Outlet,
)

_counter = itertools.count(1)


def make_claims(n, *, outlet="Interfax", kind=Claim.Kind.DIRECT):
    """n claims in one new article of `outlet`, each a sentence of its body."""
    number = next(_counter)
    sentences = [f"Statement {number}-{i} was made about the situation." for i in range(n)]
    body = " ".join(sentences)
    article = Article.objects.create(
        outlet=Outlet.objects.get_or_create(name=outlet)[0],
        title=f"Report {number} ({outlet})",
        body=body,
        published="2022-01-10T09:00:00Z",
    )
    claims, start = [], 0
    for sentence in sentences:
        claims.append(
            Claim(
                article=article, kind=kind, content=sentence, start=start, end=start + len(sentence)
            )
        )
        start += len(sentence) + 1
    return Claim.objects.bulk_create(claims)


def make_assignment(*, title="Double check", resolver=None, created_by=None, reviews=2):
    return Assignment.objects.create(
        title=title, resolver=resolver, created_by=created_by, reviews_required=reviews
    )


def blind_tag(assignment, claim, editor, status, *, note="", evidence_url=""):
    AssignedClaim.objects.get_or_create(assignment=assignment, claim=claim, editor=editor)
    return BlindReview.objects.create(
        assignment=assignment,
        claim=claim,
        editor=editor,
        status=str(status),
        note=note,
        evidence_url=evidence_url,
    )


def double_review(assignment, claim, state=DoubleReview.State.DISAGREED):
    return DoubleReview.objects.update_or_create(
        assignment=assignment, claim=claim, defaults={"state": state}
    )[0]


def tag_table(assignment, editor_a, editor_b, table, *, outlet="Interfax", kind="direct"):
    """Claims tagged by two editors so that their confusion table is `table` (rows editor_a's
    status, columns editor_b's, in the order of agreement.selectors.TAGS), with the
    double-review state that follows; returns the claims."""
    cells = [(i, j, count) for i, row in enumerate(table) for j, count in enumerate(row)]
    claims = make_claims(sum(count for *_, count in cells), outlet=outlet, kind=kind)
    it = iter(claims)
    for i, j, count in cells:
        for _ in range(count):
            claim = next(it)
            blind_tag(assignment, claim, editor_a, TAGS[i])
            blind_tag(assignment, claim, editor_b, TAGS[j])
            double_review(
                assignment,
                claim,
                DoubleReview.State.AGREED if i == j else DoubleReview.State.DISAGREED,
            )
    return claims
