"""The agreement report: the figures of kzclaims.agreement.statistics over the aggregate counts of
kzclaims.agreement.selectors, overall, by outlet and by claim kind, as the page and both exports
show them (one home for what is reported)."""

from collections import defaultdict
from dataclasses import dataclass, field

from kzclaims.models import ClaimKind

from .selectors import TAGS, AgreementData, agreement_data
from .statistics import Figure, cohens_kappa, krippendorff_alpha, percent_agreement

TAG_LABELS = [tag.label for tag in TAGS]
SHADES = 5  # the confusion tables' cells are shaded in this many steps (agreement.css)


@dataclass
class PairFigures:
    editor_a: str
    editor_b: str
    # confusion[i][j]: claims editor_a tagged TAGS[i] and editor_b TAGS[j] (original tags)
    confusion: list[list[int]]
    agreement: Figure
    kappa: Figure

    @property
    def n(self) -> int:
        return self.agreement.n

    def shaded_rows(self):
        """The confusion table's rows as (label, [(count, shade 0..SHADES), ...])."""
        top = max((max(row) for row in self.confusion), default=0) or 1
        return [
            (TAG_LABELS[i], [(count, round(SHADES * count / top)) for count in row])
            for i, row in enumerate(self.confusion)
        ]


@dataclass
class GroupFigures:
    """The figures over one set of double-reviewed claims: all of them, one outlet's, one
    kind's. `claims` counts the claims with at least two original tags."""

    label: str
    claims: int
    agreement: Figure  # over every pair's comparisons together
    alpha: Figure
    pairs: list[PairFigures] = field(default_factory=list)


@dataclass
class Report:
    overall: GroupFigures
    by_outlet: list[GroupFigures]
    by_kind: list[GroupFigures]
    tags: list[str] = field(default_factory=lambda: list(TAG_LABELS))

    @property
    def empty(self) -> bool:
        return self.overall.claims == 0


def _group(label, pair_rows, pattern_rows, editors) -> GroupFigures:
    index = {str(tag): i for i, tag in enumerate(TAGS)}
    tables: dict[tuple[int, int], list[list[int]]] = defaultdict(
        lambda: [[0] * len(TAGS) for _ in TAGS]
    )
    for a, b, _outlet, _kind, status_a, status_b, count in pair_rows:
        tables[(a, b)][index[status_a]][index[status_b]] += count
    pairs = []
    pooled = [[0] * len(TAGS) for _ in TAGS]
    for (a, b), table in tables.items():
        for i, row in enumerate(table):
            for j, count in enumerate(row):
                pooled[i][j] += count
        pairs.append(
            PairFigures(
                editor_a=editors.get(a, f"user {a}"),
                editor_b=editors.get(b, f"user {b}"),
                confusion=table,
                agreement=percent_agreement(table),
                kappa=cohens_kappa(table, TAG_LABELS),
            )
        )
    pairs.sort(key=lambda p: (-p.n, p.editor_a, p.editor_b))
    value_counts = []
    claims = 0
    for *_, n_verified, n_disputed, n_official, count in pattern_rows:
        value_counts += [(n_verified, n_disputed, n_official)] * count
        claims += count
    agreement = percent_agreement(pooled)
    agreement = Figure(
        agreement.value, agreement.n, unit="pairs of tags", reason=agreement.reason, percent=True
    )
    return GroupFigures(label, claims, agreement, krippendorff_alpha(value_counts), pairs)


def build(data: AgreementData) -> Report:
    overall = _group("All double-reviewed claims", data.pair_counts, data.patterns, data.editors)
    by_outlet = []
    for outlet_id in sorted(data.outlets, key=lambda pk: data.outlets[pk]):
        by_outlet.append(
            _group(
                data.outlets[outlet_id],
                [row for row in data.pair_counts if row[2] == outlet_id],
                [row for row in data.patterns if row[0] == outlet_id],
                data.editors,
            )
        )
    kinds = {row[3] for row in data.pair_counts} | {row[1] for row in data.patterns}
    by_kind = [
        _group(
            ClaimKind(kind).label if kind in ClaimKind.values else kind,
            [row for row in data.pair_counts if row[3] == kind],
            [row for row in data.patterns if row[1] == kind],
            data.editors,
        )
        for kind in sorted(kinds)
    ]
    return Report(overall, by_outlet, by_kind)


def agreement_report(user) -> Report:
    return build(agreement_data(user))
