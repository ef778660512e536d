"""Charts drawn on the server as inline SVG, with the same numbers as an accessible table.

Supervisors ask for trends and rates (on-time rate, requests per month, site response times). A chart
library from a CDN would break the CSP and the offline demo, and a script would hide the numbers from
screen readers; so each chart is plain SVG built here (every label escaped) and the template
`core/_chart.html` puts the data table beside it. Colours meet WCAG AA against white.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from math import ceil, floor, log10

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#23364d", "#9f1b1b", "#1a6b35", "#8a5a00", "#5b3f8c", "#0b4f9c")


@dataclass
class Series:
    name: str
    values: Sequence[float | None]


@dataclass
class Chart:
    """One chart: `kind` is "bar" (one or more series side by side) or "line"."""

    title: str
    labels: list[str]
    series: list[Series]
    kind: str = "bar"
    unit: str = ""
    percent: bool = False
    chart_id: str = "chart"
    width: int = 640
    height: int = 260
    notes: list[str] = field(default_factory=list)

    @property
    def svg(self) -> SafeString:
        return render_svg(self)

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The data table: one row per label, one formatted cell per series."""
        return [(label, [format_value(s.values[i], self) for s in self.series]) for i, label in enumerate(self.labels)]


def format_value(value: float | None, chart: Chart) -> str:
    if value is None:
        return "—"
    if chart.percent:
        return f"{value:.1f}%"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text + chart.unit


def nice_max(value: float) -> float:
    """A round upper bound for the axis (1, 2, 2.5 or 5 × 10^n) at or above `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** floor(log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(ceil(value))


def render_svg(chart: Chart) -> SafeString:
    left, right, top, bottom = 48, 12, 28, 48
    w, h = chart.width, chart.height
    plot_w, plot_h = w - left - right, h - top - bottom
    values = [v for s in chart.series for v in s.values if v is not None]
    top_value = 100.0 if chart.percent else nice_max(max(values, default=0))
    n = max(len(chart.labels), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
             f'aria-labelledby="{escape(chart.chart_id)}-title" class="chart-svg">',
             f'<title id="{escape(chart.chart_id)}-title">{escape(chart.title)}</title>']
    for i in range(5):  # grid lines and axis labels
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{w - right}" y2="{y:.1f}" stroke="#d0d7de"/>')
        label = f"{value:.0f}%" if chart.percent else f"{value:g}"
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#555d66">{label}</text>')
    slot = plot_w / n
    label_every = max(1, ceil(n / 12))
    for i, label in enumerate(chart.labels):
        if i % label_every == 0:
            x = left + slot * (i + 0.5)
            parts.append(f'<text x="{x:.1f}" y="{h - bottom + 16}" text-anchor="middle" font-size="11" '
                         f'fill="#1f2328">{escape(label[:10])}</text>')
    for k, series in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        if chart.kind == "line":
            points = [(left + slot * (i + 0.5), top + plot_h - plot_h * v / top_value)
                      for i, v in enumerate(series.values) if v is not None]
            if points:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
                parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in points]
        else:
            bar_w = slot * 0.8 / max(len(chart.series), 1)
            for i, v in enumerate(series.values):
                if v is None:
                    continue
                bar_h = plot_h * min(v, top_value) / top_value
                x = left + slot * i + slot * 0.1 + bar_w * k
                parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w:.1f}" '
                             f'height="{bar_h:.1f}" fill="{colour}"><title>{escape(chart.labels[i])} '
                             f'{escape(series.name)}：{escape(format_value(v, chart))}</title></rect>')
    if len(chart.series) > 1:  # legend
        for k, series in enumerate(chart.series):
            x = left + k * 130
            parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{PALETTE[k % len(PALETTE)]}"/>')
            parts.append(f'<text x="{x + 16}" y="16" font-size="12" fill="#1f2328">{escape(series.name[:9])}</text>')
    parts.append("</svg>")
    # Every interpolated text above is escaped.
    return mark_safe("".join(parts))
