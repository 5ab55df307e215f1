"""Agreement reads. The figures come from one aggregate query over the editors' original tags
(the first BlindReview row of each editor on each claim of a double-blind assignment): the pair
counts (editor, editor, outlet, kind, status, status → claims) and the claims' tag patterns
(outlet, kind, how many of each status → claims). Their results are bounded by editors², outlets
and kinds, never by the number of claims; the resolution queue reads one page at a time."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch

from kzclaims.models import (
    Article,
    Assignment,
    BlindReview,
    Claim,
    ClaimStatus,
    DoubleReview,
    Outlet,
)
from kzclaims.review.selectors import _context

from .access import assignment_scope, is_admin

# The statuses an editor can give (the order of the confusion tables' rows and columns).
TAGS = [ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.OFFICIAL_ONLY]
RESOLVE_PAGE_SIZE = 20


def _tables():
    q = connection.ops.quote_name
    return {
        "blind": q(BlindReview._meta.db_table),
        "assignment": q(Assignment._meta.db_table),
        "claim": q(Claim._meta.db_table),
        "article": q(Article._meta.db_table),
    }


def _common(scope_ids: list[int] | None) -> tuple[str, list]:
    """Two common table expressions. `originals`: each editor's original tag, their first row
    per claim and assignment (no earlier row of theirs: blind_review_latest_idx answers that),
    on double-blind assignments. `units`: the claims with two or more original tags, with their
    count of each status and the claim's outlet and kind. The outlet and kind are scalar
    subqueries on purpose: PostgreSQL runs them as primary-key lookups, one per double-reviewed
    claim, where a join would be planned as a scan of every claim."""
    t = _tables()
    params: list = [2]
    scope = ""
    if scope_ids is not None:
        # Ints from the database, one placeholder each; a resolver names few assignments.
        scope = f"AND br.assignment_id IN ({', '.join(['%s'] * len(scope_ids)) or 'NULL'})"
        params += scope_ids
    counts = ", ".join(
        f"SUM(CASE WHEN o.status = %s THEN 1 ELSE 0 END) AS n{i}" for i in range(len(TAGS))
    )
    params += [str(tag) for tag in TAGS]
    sql = f"""
        originals AS (
            SELECT br.assignment_id, br.claim_id, br.editor_id, br.status
            FROM {t["blind"]} br
            JOIN {t["assignment"]} a ON a.id = br.assignment_id
            WHERE a.reviews_required = %s AND br.editor_id IS NOT NULL {scope}
              AND NOT EXISTS (
                SELECT 1 FROM {t["blind"]} e
                WHERE e.claim_id = br.claim_id AND e.editor_id = br.editor_id
                  AND e.assignment_id = br.assignment_id AND e.id < br.id
              )
        ),
        units AS (
            SELECT o.assignment_id, o.claim_id, {counts},
                   (SELECT ar.outlet_id FROM {t["claim"]} c
                    JOIN {t["article"]} ar ON ar.id = c.article_id
                    WHERE c.id = o.claim_id) AS outlet_id,
                   (SELECT c.kind FROM {t["claim"]} c WHERE c.id = o.claim_id) AS kind
            FROM originals o
            GROUP BY o.assignment_id, o.claim_id
            HAVING COUNT(*) >= 2
        )"""  # noqa: S608 - table names from the models, values as parameters
    return sql, params


@dataclass
class AgreementData:
    """What the figures are computed from (kzclaims.agreement.report)."""

    # (editor a id, editor b id (a < b), outlet id, kind, status a, status b, claims)
    pair_counts: list[tuple]
    # (outlet id, kind, verified, disputed, official-only, claims): claims with ≥ 2 tags
    patterns: list[tuple]
    editors: dict[int, str]
    outlets: dict[int, str]


def agreement_data(user) -> AgreementData:
    scope = assignment_scope(user)
    scope_ids = None if scope is None else list(scope.values_list("pk", flat=True))
    common, params = _common(scope_ids)
    n = ", ".join(f"u.n{i}" for i in range(len(TAGS)))
    nulls = ", ".join("NULL" for _ in TAGS)
    # Both aggregates in one statement, so that the common expressions are computed once:
    # "p" rows are pair counts, "u" rows claims' tag patterns.
    sql = f"""
        WITH {common}
        SELECT 'p', a.editor_id, b.editor_id, u.outlet_id, u.kind, a.status, b.status,
               {nulls}, COUNT(*)
        FROM units u
        JOIN originals a ON a.assignment_id = u.assignment_id AND a.claim_id = u.claim_id
        JOIN originals b ON b.assignment_id = u.assignment_id AND b.claim_id = u.claim_id
                        AND a.editor_id < b.editor_id
        GROUP BY a.editor_id, b.editor_id, u.outlet_id, u.kind, a.status, b.status
        UNION ALL
        SELECT 'u', NULL, NULL, u.outlet_id, u.kind, NULL, NULL, {n}, COUNT(*)
        FROM units u
        GROUP BY u.outlet_id, u.kind, {n}
    """  # noqa: S608 - see _common
    pair_counts, patterns = [], []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for which, a, b, outlet, kind, status_a, status_b, *counts in cursor.fetchall():
            if which == "p":
                pair_counts.append((a, b, outlet, kind, status_a, status_b, int(counts[-1])))
            else:
                patterns.append((outlet, kind, *(int(c) for c in counts)))
    editor_ids = {row[0] for row in pair_counts} | {row[1] for row in pair_counts}
    outlet_ids = {row[2] for row in pair_counts} | {row[0] for row in patterns}
    User = get_user_model()
    editors = dict(User.objects.filter(pk__in=editor_ids).values_list("pk", User.USERNAME_FIELD))
    outlets = dict(Outlet.objects.filter(pk__in=outlet_ids).values_list("pk", "name"))
    return AgreementData(pair_counts, patterns, editors, outlets)


# --- the resolution queue ---------------------------------------------------------------------


def disagreements(user):
    """The disagreements `user` may decide: every one for an admin, else those of the
    assignments naming them as resolver; oldest first."""
    rows = DoubleReview.objects.filter(state=DoubleReview.State.DISAGREED)
    if not is_admin(user):
        rows = rows.filter(assignment__resolver=user)
    return rows.order_by("updated_at", "pk")


def disagreement_count(user) -> int:
    """How many disagreements await `user` (0 for whoever may resolve none): one count over
    double_review_state_idx, for the navigation's notice."""
    if not user.is_authenticated or not user.is_active:
        return 0
    return disagreements(user).count()


def _with_details(rows):
    return rows.select_related(
        "assignment", "claim__article__outlet", "claim__speaker", "resolved_by"
    ).prefetch_related(
        Prefetch(
            "claim__blind_reviews",
            queryset=BlindReview.objects.select_related("editor").order_by("editor_id", "id"),
            to_attr="blind_rows",
        )
    )


def _decorate(item: DoubleReview) -> DoubleReview:
    """Each editor's current tag (their latest row) beside their original one (the first), and
    the claim's place in its article."""
    by_editor: dict = {}
    for row in item.claim.blind_rows:
        if row.assignment_id != item.assignment_id:
            continue
        entry = by_editor.setdefault(row.editor_id, {"original": row, "current": row})
        entry["current"] = row
    item.tags = list(by_editor.values())
    claim = item.claim
    claim.context = _context(claim.article.body, claim.start, claim.end)
    return item


def resolution_page(user, page_number):
    """One page of `user`'s resolution queue, in a fixed number of queries."""
    paginator = Paginator(_with_details(disagreements(user)), RESOLVE_PAGE_SIZE)
    page = paginator.get_page(page_number)
    return page, [_decorate(item) for item in page.object_list]


def resolution_item(pk: int) -> DoubleReview:
    """One disagreement (in any state: after a decision the row shows who resolved it)."""
    return _decorate(_with_details(DoubleReview.objects.all()).get(pk=pk))
