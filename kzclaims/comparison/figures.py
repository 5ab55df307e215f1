"""When two reported figures disagree, and when they are updates of one another.

A figure is a measurement: a measure (killed, detained, troops deployed), who is counted when
that narrows it (`counted`), the range its words allow (`low`..`high`, either open) and the date
it refers to. Two figures are comparable only with the same measure and the same counted group;
on the same date they **disagree** only when their ranges cannot both be true ("more than 2,000"
and 2,030 are consistent); on different dates they are **updates** in a series, never a
disagreement. Plain data in, plain data out: the page and its tests build `Reading`s."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import combinations

Number = Decimal | float | int


@dataclass(frozen=True)
class Reading:
    """One figure as an outlet reported it."""

    figure_id: int
    claim_id: int
    outlet: str
    speaker: str
    measure: str
    counted: str
    low: Number | None
    high: Number | None
    reference_date: date | None
    text: str


def consistent(a: Reading, b: Reading) -> bool:
    """Whether both ranges can be true at once: each lower bound is within the other's upper."""
    return (a.low is None or b.high is None or a.low <= b.high) and (
        b.low is None or a.high is None or b.low <= a.high
    )


@dataclass
class Series:
    """The readings of one measure of one counted group, in date order, with the pairs that
    disagree on the same date."""

    measure: str
    counted: str
    readings: list[Reading]
    disagreements: list[tuple[Reading, Reading]] = field(default_factory=list)

    @property
    def dates(self) -> list[date]:
        return sorted({r.reference_date for r in self.readings if r.reference_date})

    @property
    def is_update_series(self) -> bool:
        return len(self.dates) > 1


def series(readings) -> list[Series]:
    """Readings grouped into comparable series (same measure and counted group; a reading
    without a measure is never compared), each in date order, disagreements found within a
    date. Series with disagreements come first, then those with most readings."""
    groups: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for reading in readings:
        if reading.measure:
            groups[reading.measure, reading.counted or ""].append(reading)
    out = []
    for (measure, counted), members in groups.items():
        members.sort(key=lambda r: (r.reference_date or date.min, r.outlet, r.figure_id))
        found = Series(measure=measure, counted=counted, readings=members)
        same_day: dict[date | None, list[Reading]] = defaultdict(list)
        for reading in members:
            same_day[reading.reference_date].append(reading)
        for day_readings in same_day.values():
            for a, b in combinations(day_readings, 2):
                if a.claim_id != b.claim_id and not consistent(a, b):
                    found.disagreements.append((a, b))
        out.append(found)
    out.sort(key=lambda s: (not s.disagreements, -len(s.readings), s.measure, s.counted))
    return out
