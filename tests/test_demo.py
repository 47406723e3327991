"""`jejak demo`, the portal pages built from its history, and the audit/diff commands on it."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import markdown
import pytest
from conftest import NOW, REPO

from generator.cli.main import main
from generator.history.demo import GitWriter, make_demo
from generator.portal.audit_pages import REFUSE_SHALLOW, AuditPages
from generator.portal.site import BuildError, build_site
from generator.records.workspace import load_workspace

MENJAHIT = "records/2024/2024-menjahit-1.yaml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("peragaan") / "repo"
    make_demo(REPO, root)
    return root


@pytest.fixture(scope="module")
def site(demo: Path) -> Path:
    result = build_site(demo, demo / "site", pdf=False, now=NOW)
    return result.site_dir


def text_of(html_file: Path) -> str:
    html = html_file.read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def test_demo_history_has_every_kind_of_landing(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--strict", "--repo", str(demo)]) == 1
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == (
        "17 perubahan di cabang utama: 12 disetujui, 4 tanpa persetujuan yang dapat dibuktikan, 4 temuan"
    )
    assert (
        "dikomit langsung ke main oleh Dedi Kurniawan, A.Md. tanpa permintaan tarik (atau digabung fast-forward)" in out
    )
    assert "squash/rebase (persetujuan tidak dapat dibuktikan)" in out
    assert main(["audit", "--repo", str(demo)]) == 0
    capsys.readouterr()


def test_demo_audits_with_exactly_the_staged_findings(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--format", "json", "--repo", str(demo)]) == 0
    report = json.loads(capsys.readouterr().out)
    found = {(x["judul"], x["golongan"], x["bukti"], len(x["temuan"])) for x in report["perubahan"] if x["temuan"]}
    assert found == {
        ("Surat undangan sudah dikirim", "langsung", "tidak ada", 1),
        ("Jawaban kabupaten/kota dan peserta (#6)", "squash-rebase", "tidak ada", 1),
        ("Merge pull request #7 from rina/pelaksanaan", "bukan-penyetuju", "tidak ada", 1),
        ("Merge pull request #16 from rina/barista-catatan", "tidak-terbukti", "tidak ada", 1),
    }
    approved = [x for x in report["perubahan"] if x["golongan"] == "disetujui"]
    assert approved and all(x["bukti"] == "surel saja" for x in approved)
    step11 = next(x for x in report["perubahan"] if x["judul"].endswith("rina/laporan-diterima"))
    assert step11["golongan"] == "disetujui" and step11["temuan"] == []


def test_demo_refuses_a_folder_with_files(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(demo), "--tanpa-situs"]) == 1
    assert "sudah berisi berkas" in capsys.readouterr().err


def test_event_page_shows_the_history(site: Path) -> None:
    page = text_of(site / "kegiatan/2024-menjahit-1/index.html")
    assert "Riwayat perubahan 8 perubahan, yang terbaru di atas. Waktu dalam WIB." in page
    assert (
        "5. Surat undangan sudah dikirim" in page
        and "diusulkan oleh Dedi Kurniawan, A.Md., 2 Februari 2024 15.10 WIB" in page
    )
    assert (
        "disetujui oleh Yusuf Hidayat, S.T., M.M. (Kepala Bidang Balai Latihan Kerja), 29 Januari 2024 15.10 WIB"
    ) in page
    assert (
        "langkah 2 'Memeriksa dan menyetujui rencana kerja kegiatan': belum → selesai (30 Januari 2024 "
        "10.15 WIB, oleh Drs. H. Ahmad Fauzi, M.Si.)"
    ) in page
    assert "peserta: +3 dari Kabupaten Empat Lawang, +3 dari Kabupaten Lahat" in page


def test_renamed_record_keeps_its_history_on_the_page(site: Path) -> None:
    page = text_of(site / "kegiatan/2027-tata-rias-1/index.html")
    assert "2 perubahan" in page
    assert "berkas dipindah dari records/2027/tata-rias.yaml" in page
    assert "catatan kegiatan baru: Pelatihan Tata Rias Wajah Angkatan I (2027-tata-rias-1)" in page


def test_audit_page_lists_approvals_and_findings(site: Path) -> None:
    page = text_of(site / "audit/index.html")
    assert "17 commit mengubah isi repositori, 4 temuan" in page
    assert "4 perubahan masuk ke cabang utama tanpa persetujuan yang dapat dibuktikan." in page
    assert "tetapi dikomit oleh Rina Wulandari" in page and "surel saja" in page
    assert "digabung oleh Sri Lestari, S.Pd., yang pada 7 Maret 2024 tidak memegang jabatan penyetuju" in page
    # the merge written in his name but committed by staff shows no role: the approval is not proven
    assert page.count("Yusuf Hidayat, S.T., M.M. (Kepala Bidang Balai Latihan Kerja)") == 8


def test_shallow_clone_refuses_to_build(demo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clone = tmp_path / "dangkal"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{demo}", str(clone)], check=True)
    with pytest.raises(BuildError):
        build_site(clone, clone / "site", pdf=False, now=NOW)
    # site.py's BuildError keeps only MkDocs' generic text; the reason reaches the person through MkDocs' log.
    assert REFUSE_SHALLOW in caplog.text and "fetch-depth: 0" in REFUSE_SHALLOW
    assert not (clone / "site").exists()


def test_non_repository_builds_and_says_so(project: Path) -> None:
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    page = text_of(site / "kegiatan/2024-menjahit-1/index.html")
    assert "Riwayat perubahan tidak tersedia: portal ini dibangun dari folder yang bukan repositori Git" in page
    assert "bukan repositori Git" in text_of(site / "audit/index.html")


def test_commit_texts_cannot_inject_markup(project: Path) -> None:
    repo = GitWriter(project)
    repo.init()
    repo.commit("Mulai", "dedi", "2024-01-22 08:00")
    repo.propose(
        "x",
        {MENJAHIT: (project / MENJAHIT).read_text().replace("kuota: 12", "kuota: 13")},
        "<script>alert(1)</script> *tebal* [tautan](http://jahat.example) | pipa",
        ("*Jahat* [x](http://y.example)", "j@x"),
        "2024-02-01 08:00",
    )
    repo.merge("x", "yusuf", "2024-02-01 09:00", 1)
    pages = AuditPages.build(project, load_workspace(project, now=NOW), "https://git.example/c/{sha}")
    for text in (pages.riwayat(MENJAHIT), pages.audit()):
        html = markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html", "admonition"])
        assert "<script>" not in html and "<b>" not in html and "<em>" not in html
        assert 'href="http://jahat.example"' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; *tebal* [tautan](http://jahat.example)" in html
    assert "diusulkan oleh *Jahat* [x](http://y.example), 1 Februari 2024" in markdown.markdown(pages.riwayat(MENJAHIT))
    assert '<a href="https://git.example/c/' in markdown.markdown(pages.riwayat(MENJAHIT))


def test_diff_of_a_branch(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "salinan"
    subprocess.run(["git", "clone", "-q", f"file://{demo}", str(work)], check=True)
    repo = GitWriter(work)
    text = (
        (work / MENJAHIT)
        .read_text()
        .replace("kuota: 12", "kuota: 15")
        .replace("500.15.4/021/BLK/2024", "500.15.4/12/BLK/2024")
    )
    repo.propose("rina/ubah", {MENJAHIT: text, "README.md": "x\n"}, "Ubah", "rina", "2026-11-28 08:00")
    assert main(["diff", "main", "rina/ubah", "--repo", str(work)]) == 0
    assert capsys.readouterr().out == (
        "README.md\n  - berkas tampilan ditambahkan\n"
        f"{MENJAHIT}\n  - kuota: 12 → 15\n"
        "  - nomor Surat Undangan diubah: 500.15.4/021/BLK/2024 → 500.15.4/12/BLK/2024\n"
    )
    assert main(["diff", "main", "rina/ubah", "--format", "markdown", "--repo", str(work)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### Ringkasan perubahan (rina/ubah → main)\n\n**README\\.md**")
    assert "**records/2024/2024\\-menjahit\\-1\\.yaml**" in out
    assert main(["diff", "main", "main", "--repo", str(work)]) == 0
    assert capsys.readouterr().out.startswith("Tidak ada berkas yang berubah")
    assert main(["diff", "main", "tidak-ada", "--repo", str(work)]) == 2
    assert "tidak dapat menemukan titik cabang antara 'main' dan 'tidak-ada'" in capsys.readouterr().err


def test_diff_outside_git(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--repo", str(project)]) == 2
    assert "bukan repositori Git" in capsys.readouterr().err


def test_audit_outside_git(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--repo", str(project)]) == 0
    assert main(["audit", "--strict", "--repo", str(project)]) == 1
    assert "bukan repositori Git" in capsys.readouterr().err


def test_missing_git_program_refuses_rather_than_publishing_nothing(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = load_workspace(demo, now=NOW)
    monkeypatch.setenv("PATH", str(demo / "tidak-ada"))
    pages = AuditPages.build(demo, workspace, None)
    assert pages.refuse_reason == (
        "riwayat Git tidak dapat dibaca: program git tidak ditemukan; pasang Git lalu ulangi"
    )
