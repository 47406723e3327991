"""The SOP flowchart table (PermenPAN-RB 35/2012 layout) and the step-time chart, as HTML/SVG.

The flowchart is an HTML table with one column per actor. Each actor cell holds an SVG
drawn in percentages of the cell (lines) plus a fixed-size symbol at its centre, so the
connectors stay joined whatever height the text gives a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from generator.records.model import Sop, SopStep

ELBOW = "18%"  # where a connector turns from one actor column to another
ARROW = '<path d="M-5,{y} L5,{y} L0,{tip} Z" class="jj-fc-arrow"/>'
SHAPES = {
    "mulai": '<rect x="-34" y="-13" width="68" height="26" rx="13" ry="13" class="jj-fc-shape"/>',
    "selesai": '<rect x="-34" y="-13" width="68" height="26" rx="13" ry="13" class="jj-fc-shape"/>',
    "proses": '<rect x="-32" y="-14" width="64" height="28" class="jj-fc-shape"/>',
    "keputusan": '<path d="M0,-20 L30,0 L0,20 L-30,0 Z" class="jj-fc-shape"/>',
}
HALF_HEIGHT = {"mulai": 13, "selesai": 13, "proses": 14, "keputusan": 20}


def step_columns(sop: Sop, step: SopStep) -> tuple[int, int]:
    """(entering, leaving) actor column of a step: the first actor acts, the last decides."""
    order = list(sop.actors)
    return order.index(step.actors[0]), order.index(step.actors[-1])


def flowchart_html(sop: Sop) -> Markup:
    actors = list(sop.actors.values())
    head = (
        "<tr><th rowspan='2'>No</th><th rowspan='2'>Kegiatan</th>"
        f"<th colspan='{len(actors)}'>Pelaksana</th><th colspan='3'>Mutu Baku</th>"
        "<th rowspan='2'>Keterangan</th></tr><tr>"
        + "".join(f"<th class='jj-fc-actor'>{escape(a)}</th>" for a in actors)
        + "<th>Kelengkapan</th><th>Waktu</th><th>Output</th></tr>"
    )
    rows = [_row(sop, i) for i in range(len(sop.steps))]
    return Markup(f"<div class='jj-flowchart'><table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>")


def _row(sop: Sop, index: int) -> str:
    step = sop.steps[index]
    prev = step_columns(sop, sop.steps[index - 1])[1] if index else None
    nxt = index + 1 < len(sop.steps)
    cells = "".join(f"<td class='jj-fc-lane'>{_lane(sop, step, col, prev, nxt)}</td>" for col in range(len(sop.actors)))
    inputs = "".join(f"<li>{escape(i)}</li>" for i in step.inputs)
    note = escape(step.note or "") + (
        Markup("<sup class='jj-fc-inferred' title='Pelaksana disimpulkan dari pindaian'>*</sup>")
        if step.actors_inferred
        else ""
    )
    # A phone shows the rows as cards without the actor columns (jejak.css): who acts, in words.
    who = escape(", ".join(sop.actors.get(a, a) for a in dict.fromkeys(step.actors)))
    return (
        f"<tr id='langkah-{step.no}'><td class='jj-fc-no'>{step.no}</td><td>{escape(step.activity)}</td>{cells}"
        f"<td><ul>{inputs}</ul></td><td class='jj-fc-time'>{escape(step.duration.label)}</td>"
        f"<td>{escape(step.output)}</td><td>{note}</td><td class='jj-fc-who' data-label='Pelaksana'>{who}</td></tr>"
    )


def _lane(sop: Sop, step: SopStep, col: int, prev: int | None, has_next: bool) -> str:
    """The SVG of one actor cell of one row: connector lines, then the symbol on top."""
    enter, leave = step_columns(sop, step)
    lines: list[str] = []
    if prev is not None:
        lines += _incoming(col, prev, enter)
    if enter != leave and min(enter, leave) <= col <= max(enter, leave):
        lines.append(_hline(col, enter, leave, "50%"))
    if has_next and col == leave:
        lines.append('<line x1="50%" y1="50%" x2="50%" y2="100%" class="jj-fc-line"/>')
    symbol = ""
    if col == enter or col == leave:
        symbol = _symbol(step, col == leave, arrow=(prev is not None and col == enter))
    label = ""
    if step.symbol == "keputusan" and col == leave:
        label = (
            # Below the diamond, right of the line going on: the line across the lanes and the
            # next lane's symbol covered a label placed beside the diamond.
            f'<text x="50%" y="50%" dx="5" dy="31" class="jj-fc-label">Tidak → {step.back_to}</text>'
            if step.back_to
            else ""
        )
        label += (
            '<text x="50%" y="100%" dx="-4" dy="-4" text-anchor="end" class="jj-fc-label">Ya</text>' if has_next else ""
        )
    title = f"<title>Langkah {step.no}: {escape(sop.actors[list(sop.actors)[col]])}</title>" if symbol else ""
    return f"<svg class='jj-fc-svg' role='img'>{title}{''.join(lines)}{symbol}{label}</svg>"


def _incoming(col: int, prev: int, enter: int) -> list[str]:
    if prev == enter:
        return ['<line x1="50%" y1="0" x2="50%" y2="50%" class="jj-fc-line"/>'] if col == enter else []
    out = []
    if col == prev:
        out.append(f'<line x1="50%" y1="0" x2="50%" y2="{ELBOW}" class="jj-fc-line"/>')
    if min(prev, enter) <= col <= max(prev, enter):
        out.append(_hline(col, prev, enter, ELBOW))
    if col == enter:
        out.append(f'<line x1="50%" y1="{ELBOW}" x2="50%" y2="50%" class="jj-fc-line"/>')
    return out


def _hline(col: int, a: int, b: int, y: str) -> str:
    lo, hi = min(a, b), max(a, b)
    x1 = "50%" if col == lo else "0"
    x2 = "50%" if col == hi else "100%"
    return f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" class="jj-fc-line"/>'


def _symbol(step: SopStep, deciding: bool, arrow: bool) -> str:
    kind = step.symbol if deciding else "proses"
    half = HALF_HEIGHT[kind]
    head = ARROW.format(y=-half - 8, tip=-half) if arrow else ""
    return f'<svg x="50%" y="50%" overflow="visible" class="jj-fc-{kind}">{head}{SHAPES[kind]}</svg>'


# --- the step-time chart -----------------------------------------------------------------

CHART_CAP = 4.0  # bars longer than 4x the standard are cut, the label still says the real time


def timing_chart_svg(stats: Sequence[dict[str, Any]]) -> Markup:
    """Horizontal bars: median and worst time of each step, as a multiple of its standard time."""
    row_h, label_w, bar_w = 30, 84, 520
    height = row_h * len(stats) + 40
    scale = bar_w / CHART_CAP
    parts = [
        f'<svg class="jj-chart" viewBox="0 0 {label_w + bar_w + 430} {height}" role="img" '
        f'aria-label="Waktu nyata tiap langkah dibanding waktu baku">'
    ]
    for k in range(int(CHART_CAP) + 1):
        x = label_w + k * scale
        css = "jj-chart-std" if k == 1 else "jj-chart-grid"
        parts.append(f'<line x1="{x}" y1="20" x2="{x}" y2="{height - 10}" class="{css}"/>')
        parts.append(f'<text x="{x}" y="14" class="jj-chart-axis">{k}× baku</text>')
    for i, s in enumerate(stats):
        y = 24 + i * row_h
        parts.append(f'<text x="4" y="{y + 15}" class="jj-chart-label">Langkah {s["no"]}</text>')
        if s["median"] is None:
            parts.append(f'<text x="{label_w + 6}" y="{y + 15}" class="jj-chart-none">belum ada data</text>')
            continue
        worst = min(s["worst"] / s["standard"], CHART_CAP) * scale
        median = min(s["median"] / s["standard"], CHART_CAP) * scale
        late = "jj-chart-late" if s["median"] > s["standard"] else "jj-chart-ok"
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{worst:.1f}" height="18" class="jj-chart-worst"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 7}" width="{median:.1f}" height="10" class="{late}"/>')
        text = f"median {s['median_label']}, terlama {s['worst_label']} (baku {s['standard_label']})"
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 15}" class="jj-chart-text">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
