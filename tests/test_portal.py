"""The generated Markdown pages, straight from `Pages` on the sample records (no MkDocs)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from conftest import NOW

from generator.portal.pages import Pages, Settings, href, short_moment
from generator.records.workspace import load_workspace


@pytest.fixture
def pages(project: Path) -> Pages:
    return Pages(load_workspace(project, now=NOW), NOW, Settings(repo_url="https://git.example/blk/jejak"))


def test_every_page_is_generated_once(pages: Pages):
    paths = [path for path, _ in pages.render_all()]
    assert len(paths) == len(set(paths))
    assert {
        "index.md",
        "sop/index.md",
        "sop/penyelenggaraan-pelatihan.md",
        "rekap/index.md",
        "audit.md",
        "rekap/2024.md",
    } <= set(paths)
    assert {p for p in paths if p.startswith("kegiatan/")} == {f"kegiatan/{e.code}.md" for e in pages.events}


def test_dashboard_counts_and_highlights_late_events(pages: Pages):
    text = pages.dashboard()
    late = [code for code, s in pages.status.items() if s.state == "terlambat"]
    assert late == ["2026-barista-1"]
    section = text[text.index("## Perlu tindakan") : text.index("## Pelatihan yang akan datang")]
    assert 'href="kegiatan/2026-barista-1/"' in section and "Terlambat " in section
    assert re.search(r'jj-terlambat"><span class="jj-card-n">1</span>', text)
    upcoming = text[text.index("## Pelatihan yang akan datang") : text.index("## Semua kegiatan")]
    assert "2027-tata-rias-1" in upcoming.replace("kegiatan/2027-tata-rias-1/", "2027-tata-rias-1")
    assert "Pelatihan Menjahit" not in upcoming  # 2024 is past


def test_event_page_timeline_people_and_participants(pages: Pages):
    event = pages.ws.event("2024-menjahit-1")
    text = pages.event_page(event)
    assert text.count('<tr class="jj-step') == 11
    assert "oleh Drs. H. Ahmad Fauzi, M.Si." in text  # step 2 was done by the Kepala Dinas
    assert "<td>Kabupaten Lahat</td><td>Siti Aminah, Dewi Anggraini, Rahmat Hidayat</td><td>1</td><td>2</td>" in text
    assert 'href="https://git.example/blk/jejak/edit/main/records/2024/2024-menjahit-1.yaml"' in text
    assert "4 Mar 2024, 08.00" in text


def test_record_text_cannot_inject_html(project: Path):
    record = project / "records" / "2024" / "2024-menjahit-1.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "nama: Pelatihan Menjahit Pakaian Angkatan I", "nama: Menjahit <script>alert(1)</script>"
        ),
        encoding="utf-8",
    )
    pages = Pages(load_workspace(project, now=NOW), NOW, Settings())
    text = pages.event_page(pages.ws.event("2024-menjahit-1"))
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Ubah di Git</a>" not in text  # no repository configured: no Git edit button
    assert 'href="../../ubah/#/collections/penyelenggaraan-pelatihan/entries/2024/2024-menjahit-1"' in text


def test_recap_counts_participants_by_origin_and_sex(pages: Pages):
    text = pages.recap(2024)
    assert "<tr><td>Kabupaten Lahat</td><td>1</td><td>2</td><td>3</td></tr>" in text
    assert "<tr><th>Jumlah</th><th>2</th><th>10</th><th>12</th></tr>" in text


def test_sop_page_has_identity_flowchart_and_real_times(pages: Pages):
    text = pages.sop_page(pages.ws.sops["penyelenggaraan-pelatihan"])
    assert "503/47/SOP.BLK/DISPMPTSPTK/2024" in text and "23 Januari 2024" in text
    assert text.count("<tr id='langkah-") == 11
    stats = pages.step_stats(pages.ws.sops["penyelenggaraan-pelatihan"])
    assert [s["no"] for s in stats] == list(range(1, 12))
    assert all(s["median"] <= s["worst"] for s in stats if s["count"])
    assert stats[0]["count"] >= 3  # step 1 is finished in the three older samples


@pytest.mark.parametrize(
    "page, target, expected",
    [
        ("", "kegiatan/a/", "kegiatan/a/"),
        ("rekap/2024/", "kegiatan/a/", "../../kegiatan/a/"),
        ("rekap/", "rekap/2024/", "2024/"),
    ],
)
def test_links_between_pages(page: str, target: str, expected: str):
    assert href(page, target) == expected


@pytest.mark.parametrize(
    "moment, expected",
    [
        (datetime(2024, 3, 4, 8, 0), "4 Mar 2024, 08.00"),
        (datetime(2024, 3, 4, 0, 0), "4 Mar 2024"),
        (datetime(2024, 8, 17, 23, 59), "17 Agu 2024"),
    ],
)
def test_short_moments(moment: datetime, expected: str):
    assert short_moment(moment) == expected
