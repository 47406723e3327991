"""`build_site` / `jejak build` on a real copy of the repository: pages, search index,
documents, atomic publishing, refusal on bad records, and plain `mkdocs build`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, REPO, put

from generator.portal.site import BuildError, build_site

SAMPLES = ("2024-menjahit-1", "2025-las-listrik-1", "2026-barista-1", "2027-tata-rias-1")


def _build(project: Path, **kwargs) -> Path:
    return build_site(project, project / "site", pdf=kwargs.pop("pdf", False), now=NOW, **kwargs).site_dir


def _search_text(site: Path) -> str:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return "\n".join(doc["location"] + " " + doc["text"] for doc in index["docs"])


def test_build_makes_every_page(sample_site: Path):
    site = sample_site
    for path in (
        "index.html",
        "sop/index.html",
        "sop/penyelenggaraan-pelatihan/index.html",
        "rekap/index.html",
        "rekap/2024/index.html",
        "audit/index.html",
        "panduan/index.html",
        "assets/jejak.css",
        "assets/logo-kota.svg",
    ):
        assert (site / path).is_file(), path
    for code in SAMPLES:
        assert (site / "kegiatan" / code / "index.html").is_file(), code
    assert sorted(p.name for p in (site / "kegiatan").iterdir()) == sorted(SAMPLES)


def test_search_index_holds_names_places_and_letter_numbers(sample_site: Path):
    text = _search_text(sample_site)
    for needle in (
        "Pelatihan Menjahit Pakaian Angkatan I",
        "Yuliana Sari",
        "Kabupaten Empat Lawang",
        "500.15.4/021/BLK/2024",
    ):
        assert needle in text, needle


def test_search_view_gives_the_index_the_same_sections_and_words(sample_site: Path):
    """The search plugin reads a generated page through its search view (searchable.py, for
    speed): every page of the portal gives the same sections, titles and words either way."""
    from material.plugins.search.plugin import Parser

    from generator.portal.searchable import search_view

    def sections(html: str) -> list[tuple[object, str, list[str]]]:
        parser = Parser()
        parser.feed(html)
        parser.close()
        return [(s.id, "".join(s.title).strip(), "".join(s.text).split()) for s in parser.data]

    viewed = shorter = 0
    for page in sorted(sample_site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")] if "<article" in html else html
        view = search_view(article)
        if view is not None:
            viewed += 1
            assert sections(view) == sections(article), page
            shorter += len(view) < len(article)
    assert viewed > 10 and shorter > 10
    assert search_view('<table><tr><td data-search-exclude="">contoh</td></tr></table>') is None


def test_event_pages_stay_out_of_the_navigation(sample_site: Path):
    site = sample_site
    html = (site / "panduan" / "index.html").read_text(encoding="utf-8")
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start : html.index('<div class="md-content"', start)]
    assert "kegiatan/" not in nav and "Beranda" in nav and "Jejak Audit" in nav
    # every SOP has its own page in the navigation, under the SOP list
    assert 'href="../sop/"' in nav and 'href="../sop/penyelenggaraan-pelatihan/"' in nav


def test_event_documents_are_linked_and_self_contained(sample_site: Path):
    site = sample_site
    folder = site / "kegiatan" / "2024-menjahit-1" / "dokumen"
    letters = sorted(p.name for p in folder.glob("*.html"))
    assert letters, "the complete sample event has its documents"
    page = (site / "kegiatan" / "2024-menjahit-1" / "index.html").read_text(encoding="utf-8")
    for name in letters:
        word = name.removesuffix(".html") + ".docx"
        assert f'href="dokumen/{name}"' in page and f'href="dokumen/{word}"' in page
        assert (folder / word).read_bytes().startswith(b"PK")
    assert ".pdf" not in page  # built without PDFs: no dead PDF links
    planned = (site / "kegiatan" / "2027-tata-rias-1" / "index.html").read_text(encoding="utf-8")
    assert "Belum dapat dibuat:" in planned  # a document not yet possible says why


def test_published_documents_share_their_style_sheet_and_keep_their_word_files(project: Path):
    """The portal's copy of a document links one shared sheet instead of carrying its print CSS,
    and one shared logo file instead of its data: URI; it is the rendered page with those two
    linked and compacted (documents/published.py: the same page for a browser), and its Word
    file is the one made from the rendered page (issue 22: smaller site, same documents)."""
    from generator.documents.docx import html_to_docx
    from generator.documents.published import compact, lift_logo, office_logo
    from generator.documents.render import render_ready
    from generator.portal import policy
    from generator.portal.generate import document_path
    from generator.records.workspace import load_workspace

    site = _build(project)
    workspace = load_workspace(project, now=NOW)
    logo = office_logo(project, workspace.office.letterhead.logo)
    assert logo is not None and (site / logo.path).read_bytes() == logo.data  # one shared logo file
    sheets = set()
    checked = 0
    for event in workspace.events:
        for info, html in render_ready(workspace, event):
            page = site / document_path(event, info)
            published = page.read_text(encoding="utf-8")
            assert "<style>" not in published
            href = re.search(r'<link rel="stylesheet" href="([^"]+)">', published).group(1)
            sheet = (page.parent / href).resolve()
            assert sheet.parent == (site / "assets" / "dokumen").resolve()
            sheets.add(sheet)
            css = sheet.read_text(encoding="utf-8")
            link = f'<link rel="stylesheet" href="{href}">'
            own = policy.meta(policy.DOCUMENT.format(styles=""))  # the letter's policy (policy.py): no script
            assert published.count(own) == 1
            # the rendered page with the shared sheet linked, compacted, the logo linked (documents/published.py)
            with_link = compact(html.replace(f"<style>{css}</style>", link, 1))
            expected, linked = lift_logo(with_link, document_path(event, info), logo)
            assert linked and published.replace(own, "", 1) == expected
            assert page.with_suffix(".docx").read_bytes() == html_to_docx(html, project)
            checked += 1
    assert checked > 20 and len(sheets) == 1  # every F4 document shares one sheet


def test_pdfs_are_built_next_to_the_documents(project: Path):
    result = build_site(project, project / "site", pdf=True, now=NOW)
    pdfs = sorted((result.site_dir / "kegiatan" / "2024-menjahit-1" / "dokumen").glob("*.pdf"))
    assert pdfs and result.pdfs == result.documents
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    page = (result.site_dir / "kegiatan" / "2024-menjahit-1" / "index.html").read_text(encoding="utf-8")
    assert f'href="dokumen/{pdfs[0].name}"' in page
    again = build_site(project, project / "site", pdf=True, now=NOW)
    assert again.pdfs == result.pdfs  # the second build takes them from .jejak-cache/pdf


def test_a_record_error_refuses_the_build_and_keeps_the_old_site(built_project: Path):
    project, site = built_project, built_project / "site"
    (site / "penanda.txt").write_text("situs lama", encoding="utf-8")
    record = project / "records" / "2026" / "2026-barista-1.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("status: selesai", "status: beres", 1), encoding="utf-8"
    )
    with pytest.raises(BuildError) as failure:
        _build(project)
    assert "portal tidak dibangun" in str(failure.value)
    assert any(p.path == "records/2026/2026-barista-1.yaml" for p in failure.value.problems)
    assert (site / "penanda.txt").read_text(encoding="utf-8") == "situs lama"
    assert [p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.kunci"] == []


def test_documents_started_before_the_checks_are_kept_only_for_the_texts_checked(project: Path, tmp_path: Path):
    """`jejak build` starts its document processes before the records are checked, each reading
    the records itself: their work is used when the checked workspace read the same texts, and
    thrown away (finish_documents says False, nothing moved) when a record changed in between."""
    from generator.portal.portal_build import PortalBuild
    from generator.portal.published import Published
    from generator.portal.site import _build_and_publish
    from generator.portal.site_documents import finish_documents, start_early
    from generator.records.workspace import load_workspace

    given = PortalBuild(pdf=False, word=False)
    for changed in (False, True):
        staged, out = tmp_path / f"dokumen-{changed}", tmp_path / f"situs-{changed}"
        workers = start_early(staged, given, project)
        for worker in workers:
            worker.join()  # every process has read the records
        if changed:
            put(project, "records/2024/2024-menjahit-1.yaml", "Yuliana Sari", "Yuliana Sarah")
        checked = load_workspace(project, now=NOW)
        for event in checked.events:
            (out / "kegiatan" / event.code).mkdir(parents=True)
        assert finish_documents(workers, staged, out, checked) is not changed
        letters = sorted(p.name for p in (out / "kegiatan" / "2024-menjahit-1").glob("dokumen/*.html"))
        assert bool(letters) is not changed
    # the build itself then makes the documents again from the checked records
    staged = tmp_path / "dokumen-lama"
    stale = start_early(staged, given, project)
    for worker in stale:
        worker.join()
    put(project, "records/2024/2024-menjahit-1.yaml", "Yuliana Sarah", "Yuliana Sarita")
    checked = load_workspace(project, now=NOW)
    site = project / "site"
    build = PortalBuild(workspace=checked, now=NOW, word=True, published=Published(None))
    _build_and_publish(project, site, checked, build, (staged, stale))
    letter = (site / "kegiatan" / "2024-menjahit-1" / "dokumen" / "daftar-hadir.html").read_text(encoding="utf-8")
    assert "Yuliana Sarita" in letter and "Yuliana Sarah" not in letter
    assert (site / "kegiatan" / "2024-menjahit-1" / "dokumen" / "daftar-hadir.docx").is_file()
    assert not staged.exists()


def test_a_failing_mkdocs_build_leaves_the_old_site(built_project: Path):
    project, site = built_project, built_project / "site"
    before = (site / "index.html").read_text(encoding="utf-8")
    template = project / "site_templates" / "portal" / "event.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ tidak_ada }}\n", encoding="utf-8")
    with pytest.raises(BuildError, match="templat portal rusak"):
        _build(project)
    assert (site / "index.html").read_text(encoding="utf-8") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.kunci"] == []


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_jejak_build_command(project: Path):
    done = _run([sys.executable, "-m", "generator.cli", "build", "--tanpa-pdf"], project)
    assert done.returncode == 0, done.stderr
    assert re.match(r"portal dibangun di .*/site: 4 kegiatan, \d+ halaman, \d+ dokumen, 0 PDF", done.stdout)
    assert "Traceback" not in done.stderr
    (project / "records" / "2025" / "rusak.yaml").write_text("kode: [\n", encoding="utf-8")
    failed = _run([sys.executable, "-m", "generator.cli", "build", "--tanpa-pdf"], project)
    assert failed.returncode == 1
    assert failed.stderr.startswith("records/2025/rusak.yaml:")
    assert "jejak: galat: catatan berisi galat; portal tidak dibangun" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_plain_mkdocs_build_works_at_the_repository_root(project: Path, tmp_path: Path):
    done = _run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "polos")], project)
    assert done.returncode == 0, done.stderr
    event = tmp_path / "polos" / "kegiatan" / "2024-menjahit-1"
    links = re.findall(r'href="(dokumen/[^"]+)"', (event / "index.html").read_text(encoding="utf-8"))
    assert links and all((event / link).is_file() for link in links)  # no PDF or Word link without its file
    assert "Yuliana Sari" in _search_text(tmp_path / "polos")


def test_plain_mkdocs_build_refuses_bad_records(project: Path, tmp_path: Path):
    (project / "records" / "2025" / "rusak.yaml").write_text("kode: [\n", encoding="utf-8")
    done = _run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "polos")], project)
    assert done.returncode == 1
    assert "catatan berisi galat" in done.stderr and "records/2025/rusak.yaml:" in done.stderr


def test_a_build_leaves_nothing_for_git_to_commit(project: Path):
    """The site, its lock and a build's working folders are ignored: `git add -A` after a build adds nothing."""
    shutil.copy(REPO / ".gitignore", project / ".gitignore")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)
    before = subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout
    _build(project)
    (project / ".site.baru-123-abc").mkdir()  # what a killed build leaves
    after = subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout
    assert after == before
