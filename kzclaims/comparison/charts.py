"""Chart geometry for the compare page, in SVG units: the template draws it, CSS colours it
(classes only: the page's CSP allows no inline style or script). Plain data in and out."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .figures import Reading, Series

# How many distinct colours the stylesheet defines for timeline keys (mark-0 .. mark-7).
PALETTE = 8
WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 12, 34


def _nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (an axis end)."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for m in (1, 2, 2.5, 5, 10):
        if m * step >= value:
            return float(m * step)
    return float(10 * step)


def _number(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


@dataclass
class Mark:
    reading: Reading
    key: int  # colour index: one per outlet and speaker
    x: float
    y: float
    y_low: float | None  # the range's ends when it has two (a bar through the mark)
    y_high: float | None
    opens: str  # "up" for "more than", "down" for "up to", "" for a closed range
    label: str
    url: str = ""


def timeline(found: Series, links: dict[int, str] | None = None) -> dict:
    """Value by date for an update series: one mark per reading, coloured by outlet and
    speaker, at its lower bound (its upper one for "up to"), the range drawn through it;
    value axis from zero so heights compare honestly; readings of one date side by side."""
    readings = [r for r in found.readings if r.reference_date]
    dates = sorted({r.reference_date for r in readings})
    ends = [float(v) for r in readings for v in (r.low, r.high) if v is not None]
    top = _nice_top(max(ends, default=1.0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = dates[0], dates[-1]
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y_of(value) -> float:
        return round(TOP + plot_h * (1 - float(value) / top), 1)

    keys: dict[tuple[str, str], int] = {}
    legend = []
    for r in readings:
        k = (r.outlet, r.speaker)
        if k not in keys:
            keys[k] = len(keys) % PALETTE
            legend.append({"key": keys[k], "outlet": r.outlet, "speaker": r.speaker})
    marks = []
    for day in dates:
        today = [r for r in readings if r.reference_date == day]
        for i, r in enumerate(today):
            at = r.low if r.low is not None else r.high
            if at is None:
                continue
            both = r.low is not None and r.high is not None and r.low != r.high
            marks.append(
                Mark(
                    reading=r,
                    key=keys[r.outlet, r.speaker],
                    x=round(x_of(day) + (i - (len(today) - 1) / 2) * 9, 1),
                    y=y_of(at),
                    y_low=y_of(r.low) if both else None,
                    y_high=y_of(r.high) if both else None,
                    opens="up" if r.high is None else ("down" if r.low is None else ""),
                    label=f"{r.text}: {r.outlet}, {day:%-d %b %Y}"
                    + (f", {r.speaker}" if r.speaker else ""),
                    url=(links or {}).get(r.claim_id, ""),
                )
            )
    y_ticks = [{"y": y_of(top * f), "label": _number(Decimal(str(top * f)))} for f in (0, 0.5, 1)]
    x_ticks = [{"x": round(x_of(d), 1), "label": f"{d:%-d %b}"} for d in _spread(dates, 6)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "top": TOP,
        "label_y": HEIGHT - BOTTOM + 16,
        "marks": marks,
        "legend": legend,
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
    }


def _spread(items: list, most: int) -> list:
    """At most `most` items, the first and the last among them, evenly spaced."""
    if len(items) <= most:
        return items
    step = (len(items) - 1) / (most - 1)
    return [items[round(i * step)] for i in range(most)]


BAR_LEFT, BAR_WIDTH, BAR_ROW = 118, 200, 22


def share_bars(items: list[tuple[str, int, str]], total: int, scale_top: float) -> dict:
    """Bars for (label, count, colour class) as shares of `total` claims, on a common scale
    whose full width is `scale_top` percent (the same for every outlet)."""
    bars = []
    for i, (label, n, css) in enumerate(items):
        share = 100 * n / total if total else 0.0
        width = round(BAR_WIDTH * share / scale_top) if scale_top else 0
        bars.append(
            {
                "label": label,
                "n": n,
                "total": total,
                "share": round(share),
                "css": css,
                "y": i * BAR_ROW,
                "text_y": i * BAR_ROW + 14,
                "width": width,
                "value_x": BAR_LEFT + width + 6,
            }
        )
    return {"bars": bars, "height": max(len(bars) * BAR_ROW, BAR_ROW)}


def scale_top(shares: list[float]) -> float:
    """The common scale's full width in percent: the largest share rounded up to ten."""
    most = max(shares, default=0.0)
    return float(min(100, max(10, -(-int(most + 0.999) // 10) * 10)))
