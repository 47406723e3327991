"""Issue 14: every way an insider could land a change on main unaudited, on real repositories.

Each scenario is built with real git in tmp_path and must be reported, with the offending
commit's short hash, by `jejak audit` (text) and `jejak audit --format json`, or refused.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import RECORD, edited, start_repository

from generator.cli.main import main
from generator.history.demo import GitWriter
from generator.history.log import PARTIAL, read_history

start, edit = start_repository, edited


def head(repo: GitWriter) -> str:
    return repo.git("rev-parse", "HEAD").strip()


def report(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict]:
    """(the text of `jejak audit`, the JSON of `jejak audit --format json`)."""
    main(["audit", "--repo", str(root)])
    text = capsys.readouterr().out
    main(["audit", "--format", "json", "--repo", str(root)])
    return text, json.loads(capsys.readouterr().out)


def findings_of(data: dict, sha: str) -> list[str]:
    return [f["pesan"] for f in data["temuan"] if f["commit"] == sha]


def assert_reported(root: Path, sha: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    text, data = report(root, capsys)
    assert any(words in m for m in findings_of(data, sha)), findings_of(data, sha)
    assert any(line.startswith(f"{sha[:7]}: ") and words in line for line in text.splitlines())


def test_evil_merge_changes_a_record_inside_the_merge(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.propose("rina/a", {"records/2024/lain.yaml": "kode: lain\n"}, "Usulan", "rina", "2024-02-01 09:00")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "rina/a", author="yusuf", when="2024-02-01 10:00")
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 99"))
    repo.git("add", "-A", author="yusuf", when="2024-02-01 10:00")
    repo.git("commit", "-q", "-m", "Merge pull request #1 from rina/a", author="yusuf", when="2024-02-01 10:00")
    sha = head(repo)
    history = read_history(project)
    inside = {c.path: c.in_merge for c in history.changes if c.landing.sha == sha}
    assert inside == {"records/2024/lain.yaml": False, RECORD: True}
    assert_reported(
        project,
        sha,
        f"perubahan dibuat di dalam penggabungan itu sendiri, bukan di cabang yang diusulkan: {RECORD}",
        capsys,
    )


def test_control_characters_in_a_subject_cannot_hide_a_commit(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = start(project)
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.commit("Aneh\x1e" + "a" * 40 + "\x1f\x1fx\x1b[31m", "dedi", "2024-02-04 08:00")
    sha = head(repo)
    repo.write(RECORD, edit(project, "kuota: 13", "kuota: 14"))
    repo.commit("Biasa", "dedi", "2024-02-05 08:00")
    history = read_history(project)
    assert [c.subject[:4] for c in history.mainline] == ["Mula", "Aneh", "Bias"]
    assert_reported(project, sha, "dikomit langsung ke main", capsys)
    text, _ = report(project, capsys)
    assert "\x1e" not in text and "\x1b" not in text and "<U+001E>" in text


def test_symlinked_folder_under_records(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    (project.parent / "arsip").mkdir()
    repo.git("checkout", "-q", "-b", "dedi/arsip", "main")
    os.symlink("../../arsip", project / "records" / "arsip")
    repo.commit("Arsip", "dedi", "2024-02-01 09:00")
    repo.git("checkout", "-q", "main")
    repo.merge("dedi/arsip", "yusuf", "2024-02-01 10:00", 1)
    sha = head(repo)
    assert_reported(project, sha, "records/arsip adalah tautan simbolik atau submodul", capsys)
    assert main(["validate", "--repo", str(project)]) == 1  # and validation refuses the link itself
    assert "records/arsip:1:1: galat: tautan simbolik tidak diizinkan di sini" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("site_templates/dokumen/undangan.html", "kode"),  # a Jinja template runs at every build
        ("schema/aset/logo-kota.svg", "kode"),  # an SVG may carry script
        ("schema/kegiatan.schema.json", "kode"),
        ("mkdocs.yml", "kode"),
        ("generator/problem.py", "kode"),
        ("docs/panduan/baru.md", "tampilan"),
        ("schema/aset/foto.png", "tampilan"),
    ],
)
def test_direct_commit_outside_records_is_a_finding(
    project: Path, capsys: pytest.CaptureFixture[str], path: str, group: str
) -> None:
    repo = start(project)
    repo.write(path, "diubah diam-diam\n")
    repo.commit("Perbaikan kecil", "dedi", "2024-02-04 08:00")
    sha = head(repo)
    assert_reported(project, sha, "dikomit langsung ke main oleh Dedi Kurniawan", capsys)
    _, data = report(project, capsys)
    (landing,) = [x for x in data["perubahan"] if x["commit"] == sha]
    assert landing["kelompok"] == [group] and landing["golongan"] == "langsung"


def test_author_is_the_approver_but_staff_committed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.propose("rina/a", {RECORD: edit(project, "kuota: 12", "kuota: 13")}, "Kuota", "rina", "2024-02-01 09:00")
    repo.merge("rina/a", "yusuf", "2024-02-01 10:00", 1, committer="rina")
    sha = head(repo)
    assert_reported(project, sha, "atas nama Yusuf Hidayat, S.T., M.M.", capsys)
    _, data = report(project, capsys)
    assert data["perubahan"][-1]["golongan"] == "tidak-terbukti"


def test_later_office_edit_does_not_approve_the_past(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.propose("rina/a", {RECORD: edit(project, "kuota: 12", "kuota: 13")}, "Kuota", "rina", "2024-02-01 09:00")
    repo.merge("rina/a", "sri", "2024-02-01 10:00", 1)  # a staff member merges
    sha = head(repo)
    office = edit(
        project,
        "surel: [yusuf.hidayat@pagaralam.example,",
        "surel: [sri.lestari@pagaralam.example, yusuf.hidayat@pagaralam.example,",
        "records/kantor.yaml",
    )
    office = office.replace("    surel: [sri.lestari@pagaralam.example]\n", "    surel: [sri.lestari@contoh.example]\n")
    repo.propose("sri/kantor", {"records/kantor.yaml": office}, "Rapikan surel", "sri", "2024-02-02 09:00")
    repo.merge("sri/kantor", "yusuf", "2024-02-02 10:00", 2)
    governance = head(repo)
    assert_reported(project, sha, "digabung oleh Sri Lestari", capsys)
    text, data = report(project, capsys)
    (change,) = [x for x in data["perubahan"] if x["commit"] == governance]
    assert change["perhatian"] == [
        "mengubah siapa yang boleh menyetujui (surel, masa jabatan, menyetujui_perubahan, penggabung_host, "
        "kunci_tepercaya atau mulai) di records/kantor.yaml"
    ]
    assert "perhatian: mengubah siapa yang boleh menyetujui" in text


def test_foxtrot_merge(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.git("checkout", "-q", "-b", "dedi/fox", "main")
    repo.write("records/2024/lain.yaml", "kode: lain\n")
    repo.commit("Cabang", "dedi", "2024-02-01 09:00")
    repo.git("checkout", "-q", "main")
    repo.propose("rina/a", {RECORD: edit(project, "kuota: 12", "kuota: 13")}, "Kuota", "rina", "2024-02-01 09:30")
    repo.merge("rina/a", "yusuf", "2024-02-01 10:00", 1)
    approved = head(repo)
    repo.git("checkout", "-q", "dedi/fox")
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge branch 'main' into dedi/fox",
        "main",
        author="dedi",
        when="2024-02-01 11:00",
    )
    fox = head(repo)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "dedi/fox")
    history = read_history(project)
    assert history.foxtrots == {fox: approved}
    assert_reported(project, fox, f"penggabungan foxtrot: ujung cabang utama sebelumnya ({approved[:7]})", capsys)


def test_replace_refs_and_grafts_are_ignored(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    first = head(repo)
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.commit("Langsung", "dedi", "2024-02-01 09:00")
    direct = head(repo)
    repo.propose("rina/a", {RECORD: edit(project, "kuota: 13", "kuota: 14")}, "Kuota", "rina", "2024-02-02 09:00")
    repo.merge("rina/a", "yusuf", "2024-02-02 10:00", 1)
    repo.git("replace", "--graft", head(repo), first)  # hide the direct commit
    (project / ".git" / "info").mkdir(exist_ok=True)
    (project / ".git" / "info" / "grafts").write_text(f"{head(repo)} {first}\n")
    assert [c.sha for c in read_history(project).mainline][:2] == [first, direct]
    assert_reported(project, direct, "dikomit langsung ke main", capsys)


def test_partial_clone_is_refused(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "sebagian"
    subprocess.run(
        ["git", "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{project}", str(clone)], check=True
    )
    subprocess.run(["git", "checkout", "-q", "main", "--", "."], cwd=clone, check=True, capture_output=True)
    assert read_history(clone).state == PARTIAL
    assert main(["audit", "--repo", str(clone)]) == 1
    assert "partial clone" in capsys.readouterr().err


def _ssh_key(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, " ".join(key.with_suffix(".pub").read_text().split()[:2])


def _signed_merge(repo: GitWriter, branch: str, key: Path | None, when: str, number: int) -> str:
    sign = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"] if key else []
    repo.git(
        *sign,
        "merge",
        "-q",
        "--no-ff",
        *(["-S"] if key else []),
        "-m",
        f"Merge #{number}",
        branch,
        author="yusuf",
        when=when,
    )
    return head(repo)


def test_signed_merges_with_trusted_ssh_keys(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trusted, public = _ssh_key(tmp_path, "yusuf")
    stranger, _ = _ssh_key(tmp_path, "orang-lain")
    office = (project / "records/kantor.yaml").read_text()
    office = office.replace(
        "  kunci_tepercaya: []", f'  kunci_tepercaya:\n    - {{pemilik: yusuf-hidayat, ssh: "{public}"}}'
    )
    assert public in office
    (project / "records/kantor.yaml").write_text(office)
    repo = start(project)
    results = {}
    for number, (key, label) in enumerate([(trusted, "sah"), (stranger, "asing"), (None, "tanpa")], 1):
        branch = f"rina/{label}"
        repo.propose(
            branch,
            {RECORD: edit(project, "kuota: ", f"kuota: {number}", RECORD)},
            label,
            "rina",
            f"2024-02-0{number} 09:00",
        )
        results[label] = _signed_merge(repo, branch, key, f"2024-02-0{number} 10:00", number)
    text, data = report(project, capsys)
    by_sha = {x["commit"]: x for x in data["perubahan"]}
    assert (by_sha[results["sah"]]["golongan"], by_sha[results["sah"]]["bukti"]) == ("disetujui", "bertanda tangan")
    for label in ("asing", "tanpa"):
        assert by_sha[results[label]]["golongan"] == "tidak-terbukti"
        assert_reported(project, results[label], "tidak ditandatangani kunci tepercaya", capsys)


def test_commit_dated_before_its_parent(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.propose("rina/a", {RECORD: edit(project, "kuota: 12", "kuota: 13")}, "Kuota", "rina", "2024-02-01 09:00")
    repo.merge("rina/a", "yusuf", "2024-02-01 10:00", 1)
    repo.propose("rina/b", {RECORD: edit(project, "kuota: 13", "kuota: 14")}, "Kuota lagi", "rina", "2024-01-23 09:00")
    repo.merge("rina/b", "yusuf", "2024-01-23 10:00", 2)  # backdated
    sha = head(repo)
    assert_reported(project, sha, "sebelum commit induknya", capsys)


def test_merge_outside_the_approvers_term(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.propose("rina/a", {RECORD: edit(project, "kuota: 12", "kuota: 13")}, "Kuota", "rina", "2025-08-04 09:00")
    repo.merge("rina/a", "fauzi", "2025-08-04 10:00", 1)  # the Kepala Dinas's term ended on 31 July 2025
    sha = head(repo)
    assert_reported(project, sha, "yang pada 4 Agustus 2025 tidak memegang jabatan penyetuju", capsys)


def test_audit_start_leaves_earlier_history_alone(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """History from before the office record existed (before Jejak) is hidden by the start."""
    office = (project / "records/kantor.yaml").read_text(encoding="utf-8")
    (project / "records/kantor.yaml").unlink()
    repo = GitWriter(project)
    repo.init()
    repo.commit("Sebelum Jejak", "dedi", "2024-01-20 08:00")
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.commit("Masih sebelum Jejak", "dedi", "2024-01-21 09:00")
    repo.write("records/kantor.yaml", office)
    repo.commit("Memakai Jejak", "dedi", "2024-01-22 08:00")
    adopted = head(repo)
    repo.propose(
        "rina/a",
        {"records/kantor.yaml": edit(project, "  mulai: null", f'  mulai: "{adopted[:10]}"', "records/kantor.yaml")},
        "Audit mulai",
        "rina",
        "2024-02-02 09:00",
    )
    repo.merge("rina/a", "yusuf", "2024-02-02 10:00", 1)
    _, data = report(project, capsys)
    assert data["mulai_audit"] == adopted
    assert data["temuan"] == []
    assert {x["golongan"] for x in data["perubahan"][:3]} == {"sebelum-audit"}
    assert main(["audit", "--strict", "--repo", str(project)]) == 0


def test_pr_editing_semantic_diff_cannot_hide_its_own_change(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Review CI runs jejak from the base branch: the PR's generator/ is data, shown as a code change."""
    repo = start(project)
    hidden = "def describe(*args, **kwargs):\n    return None  # hide everything\n"
    repo.propose(
        "dedi/sembunyi",
        {RECORD: edit(project, "kuota: 12", "kuota: 40"), "generator/history/semantic_diff.py": hidden},
        "Rapikan",
        "dedi",
        "2024-02-01 09:00",
    )
    assert main(["diff", "main", "dedi/sembunyi", "--repo", str(project)]) == 0
    out = capsys.readouterr().out
    assert f"{RECORD}\n  - kuota: 12 → 40" in out
    assert "generator/history/semantic_diff.py\n  - berkas kode ditambahkan\n  - program Python: dijalankan" in out


def test_web_merge_signed_by_the_hosts_gpg_key(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The host commits web merges as itself and signs them with its OpenPGP key."""
    # A short home: gpg-agent's socket path must fit in 108 bytes, which a deep tmp_path (in
    # /dev/shm, conftest.py) does not. The product's own gpg needs no agent (signatures.py).
    home = Path(tempfile.mkdtemp(prefix="gpg-", dir="/tmp"))
    monkeypatch.setenv("GNUPGHOME", str(home))
    gpg = ["gpg", "--batch", "--passphrase", "", "--pinentry-mode", "loopback"]
    try:
        subprocess.run([*gpg, "--quick-gen-key", "GitHub <noreply@github.com>", "ed25519", "sign", "never"], check=True)
        armored = subprocess.run(["gpg", "--armor", "--export"], check=True, capture_output=True, text=True).stdout
        block = "\n".join("        " + line for line in armored.strip().splitlines())
        office = (project / "records/kantor.yaml").read_text()
        (project / "records/kantor.yaml").write_text(
            office.replace("  kunci_tepercaya: []", f"  kunci_tepercaya:\n    - pemilik: GitHub\n      gpg: |\n{block}")
        )
        repo = start(project)
        repo.propose("rina/a", {RECORD: edit(project, "kuota: 12", "kuota: 13")}, "Kuota", "rina", "2024-02-01 09:00")
        args = ["-c", "gpg.format=openpgp", "-c", "user.signingkey=noreply@github.com", "merge", "-q", "--no-ff", "-S"]
        repo.git(
            *args,
            "-m",
            "Merge #1",
            "rina/a",
            author="yusuf",
            when="2024-02-01 10:00",
            committer=("GitHub", "noreply@github.com"),
        )
        signed = head(repo)
        repo.propose("rina/b", {RECORD: edit(project, "kuota: 13", "kuota: 14")}, "Kuota", "rina", "2024-02-02 09:00")
        repo.merge("rina/b", "yusuf", "2024-02-02 10:00", 2, committer=("GitHub", "noreply@github.com"))
        unsigned = head(repo)
        assert main(["validate", "--repo", str(project)]) == 0
        capsys.readouterr()
        _, data = report(project, capsys)
        by_sha = {x["commit"]: x for x in data["perubahan"]}
        assert (by_sha[signed]["golongan"], by_sha[signed]["bukti"]) == ("disetujui", "bertanda tangan")
        assert by_sha[unsigned]["golongan"] == "tidak-terbukti"
        assert_reported(project, unsigned, "tidak ditandatangani kunci tepercaya", capsys)
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], check=False)
        shutil.rmtree(home, ignore_errors=True)


def test_oversized_record_is_reported_and_never_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    big = "kode: besar\ncatatan: " + "x" * (1024 * 1024 + 10) + "\n"
    repo.propose("dedi/besar", {"records/2024/besar.yaml": big}, "Besar", "dedi", "2024-02-01 09:00")
    repo.merge("dedi/besar", "yusuf", "2024-02-01 10:00", 1)
    sha = head(repo)
    history = read_history(project)
    (change,) = [c for c in history.changes if c.path == "records/2024/besar.yaml"]
    assert history.text(change.new_blob) is None and change.new_blob in history.oversized
    assert_reported(project, sha, "records/2024/besar.yaml terlalu besar (1024 KiB) untuk sebuah catatan", capsys)


def test_review_summary_shows_a_change_of_who_may_approve(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    office = edit(
        project,
        "    surel: [sri.lestari@pagaralam.example]\n",
        "    surel: [sri.lestari@pagaralam.example, yusuf.hidayat@pagaralam.example]\n",
        "records/kantor.yaml",
    )
    repo.propose("sri/surel", {"records/kantor.yaml": office}, "Surel", "sri", "2024-02-01 09:00")
    assert main(["diff", "main", "sri/surel", "--repo", str(project)]) == 0
    out = capsys.readouterr().out
    assert "PERHATIAN: data kantor berubah; periksa siapa yang boleh menyetujui" in out
    assert "orang[sri-lestari].surel: butir ditambahkan: yusuf.hidayat@pagaralam.example" in out


def test_a_damaged_repository_is_a_message_not_a_traceback(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start(project)
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.commit("Dua", "dedi", "2024-02-01 09:00")
    tree = repo.git("rev-parse", "HEAD~1^{tree}").strip()
    (project / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    assert main(["audit", "--repo", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jejak: galat: repositori Git rusak: sebagian objek hilang atau rusak (fatal: unable to read")
    assert "Traceback" not in err and "hint:" not in err
