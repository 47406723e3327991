"""The SOP flowchart table and the step-time chart, from the real SOP data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import NOW

from generator.portal.flowchart import flowchart_html, step_columns, timing_chart_svg
from generator.records.workspace import load_workspace


@pytest.fixture
def sop(project: Path):
    return load_workspace(project, now=NOW).sops["penyelenggaraan-pelatihan"]


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr id='langkah-\d+'>.*?</tr>", html)


def test_one_row_per_step_with_the_symbol_in_the_acting_column(sop):
    html = str(flowchart_html(sop))
    rows = _rows(html)
    assert len(rows) == 11
    actors = list(sop.actors)
    for step, row in zip(sop.steps, rows, strict=True):
        lanes = re.findall(r"<td class='jj-fc-lane'>(.*?)</td>", row)
        assert len(lanes) == len(actors) == 4
        with_symbol = [i for i, lane in enumerate(lanes) if "jj-fc-shape" in lane]
        assert with_symbol == sorted({actors.index(step.actors[0]), actors.index(step.actors[-1])})


def test_symbols_follow_the_sop(sop):
    rows = _rows(str(flowchart_html(sop)))
    assert "jj-fc-mulai" in rows[0] and "jj-fc-selesai" in rows[10]
    assert "jj-fc-keputusan" in rows[1] and "Tidak → 1" in rows[1]  # step 2 loops back to step 1
    assert "jj-fc-keputusan" in rows[4] and "Tidak → 4" in rows[4]
    assert all("jj-fc-keputusan" not in rows[i] for i in (0, 2, 3, 5, 6, 7, 8, 9, 10))


def test_arrows_join_consecutive_steps(sop):
    """Every step but the first has an arrowhead; every step but the last a line leaving downwards."""
    rows = _rows(str(flowchart_html(sop)))
    assert "jj-fc-arrow" not in rows[0]
    assert all("jj-fc-arrow" in row for row in rows[1:])
    leaving = 'y1="50%" x2="50%" y2="100%"'
    assert all(leaving in row for row in rows[:-1]) and leaving not in rows[-1]


def test_step_five_runs_from_kepala_bidang_to_kepala_dinas(sop):
    assert step_columns(sop, sop.step(5)) == (1, 0)


def test_mutu_baku_columns_and_escaping(sop):
    html = str(flowchart_html(sop))
    assert "<th>Kelengkapan</th><th>Waktu</th><th>Output</th>" in html
    assert "<td class='jj-fc-time'>1 minggu kerja</td>" in html
    assert "Pindaian menulis &#34;Instruksi Kepala BKOM&#34;." in html


def test_chart_marks_steps_without_data_and_caps_long_bars():
    stats = [
        {
            "no": 1,
            "standard": 60,
            "median": 30,
            "worst": 600,
            "median_label": "30 menit",
            "worst_label": "10 jam",
            "standard_label": "1 jam",
        },
        {
            "no": 2,
            "standard": 5,
            "median": None,
            "worst": None,
            "median_label": "-",
            "worst_label": "-",
            "standard_label": "5 menit",
        },
    ]
    svg = str(timing_chart_svg(stats))
    assert "median 30 menit, terlama 10 jam (baku 1 jam)" in svg
    assert "belum ada data" in svg
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="18"', svg)]
    assert widths == [520.0]  # 10x the standard is drawn at the 4x cap
