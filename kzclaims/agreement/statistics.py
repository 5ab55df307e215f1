"""Inter-editor agreement figures over nominal tags, free of Django: percent agreement and Cohen's
kappa for a pair of editors (from their confusion table) and Krippendorff's alpha over any number
of editors with missing tags (from each claim's count of each status).

A figure that cannot be computed is returned with `value=None` and the reason in words; the
page and the exports show it as "—" with that reason, never as 0 or an error."""

from collections.abc import Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

DASH = "—"


@dataclass(frozen=True)
class Figure:
    """One agreement figure with the sample it rests on (`n`, in `unit`s) and, when it is
    undefined, why."""

    value: float | None
    n: int
    unit: str = "claims"
    reason: str = ""
    percent: bool = False

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def shown(self) -> str:
        if self.value is None:
            return DASH
        if self.percent:
            return f"{self.value * 100:.1f}%"
        return f"{self.value:.3f}"

    def as_dict(self) -> dict:
        return {"value": self.value, "n": self.n, "unit": self.unit, "undefined": self.reason}


def _check_square(table: Sequence[Sequence[int]]) -> int:
    size = len(table)
    if any(len(row) != size for row in table):
        raise ValueError("A confusion table has as many columns as rows.")
    return size


def percent_agreement(table: Sequence[Sequence[int]]) -> Figure:
    """Observed agreement p_o: the share of claims both editors tagged alike, the diagonal of
    their confusion table over its total (Cohen 1960, the p_o of the kappa below)."""
    _check_square(table)
    n = sum(map(sum, table))
    if n == 0:
        return Figure(None, 0, reason="no claim tagged by both editors", percent=True)
    agreed = sum(table[i][i] for i in range(len(table)))
    return Figure(agreed / n, n, percent=True)


def cohens_kappa(table: Sequence[Sequence[int]], labels: Sequence[str] = ()) -> Figure:
    """Cohen's kappa for two raters on nominal categories:

        κ = (p_o - p_e) / (1 - p_e),   p_o = Σ_i n_ii / n,   p_e = Σ_i (n_i· / n)(n_·i / n)

    (J. Cohen, "A coefficient of agreement for nominal scales", Educational and Psychological
    Measurement 20(1), 1960, 37-46). `table[i][j]` counts the claims the first editor tagged
    category i and the second category j. Computed in integers as
    (n·Σn_ii - Σ n_i·n_·i) / (n² - Σ n_i·n_·i), so that the undefined case is exact: the
    denominator is 0 only when both editors used one and the same single category, where
    agreement expected by chance is 100% and kappa is 0/0. Then the value is None and the reason
    names the category (percent agreement is 100% there and is still shown)."""
    size = _check_square(table)
    n = sum(map(sum, table))
    if n == 0:
        return Figure(None, 0, reason="no claim tagged by both editors")
    rows = [sum(table[i]) for i in range(size)]
    cols = [sum(table[i][j] for i in range(size)) for j in range(size)]
    agreed = sum(table[i][i] for i in range(size))
    chance = sum(r * c for r, c in zip(rows, cols, strict=True))
    denominator = n * n - chance
    if denominator == 0:
        only = next(i for i in range(size) if rows[i])
        name = labels[only] if labels else f"category {only}"
        return Figure(
            None,
            n,
            reason=f"undefined: both editors tagged every claim {name}, so chance agreement "
            "is 100% and kappa is 0/0",
        )
    return Figure((n * agreed - chance) / denominator, n)


def krippendorff_alpha(value_counts: Sequence[Sequence[int]]) -> Figure:
    """Krippendorff's alpha for nominal data, any number of editors, missing tags allowed:

        alpha = 1 - D_o / D_e = 1 - (n - 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k

    where o_ck = Σ_u (number of c-k pairs of values in claim u) / (m_u - 1) is the coincidence
    matrix, m_u the number of tags of claim u, n_c = Σ_k o_ck and n = Σ_c n_c the pairable tags,

    as defined in K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011,
    University of Pennsylvania, ScholarlyCommons asc_papers/43), section C, "nominal data, any
    number of observers, missing data". Computed by the `krippendorff` package (S. Castro) from
    `value_counts`: one row per claim, one column per category, each cell the number of editors
    who gave that claim that category. Claims with fewer than two tags are not pairable and do
    not count (the paper's m_u ≥ 2). Undefined (None, with the reason) when no claim has two
    tags, or when every pairable tag is the same category (no variation: D_e = 0)."""
    counts = np.asarray(value_counts, dtype=np.int64)
    if counts.size == 0:
        return Figure(None, 0, reason="no claim has two tags")
    counts = counts.reshape(len(counts), -1)
    pairable = counts[counts.sum(axis=1) >= 2]
    units = len(pairable)
    if units == 0:
        return Figure(None, 0, reason="no claim has two tags")
    used = np.count_nonzero(pairable.sum(axis=0))
    if used < 2:
        return Figure(
            None,
            units,
            reason="undefined: every tag is the same status, so there is no variation to "
            "measure agreement against (expected disagreement is 0)",
        )
    value = krippendorff.alpha(value_counts=pairable, level_of_measurement="nominal")
    return Figure(float(value), units)
