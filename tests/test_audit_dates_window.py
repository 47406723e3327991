"""Issue 21 on real repositories: forward- and backdated approvals, and the audit window.

Every history is made with real git in tmp_path, with the office's people as authors and
committers, branches and merge commits; `jejak audit` (text and JSON, with `--pada` for the
audit's own time) must name the landing whose date cannot be true, and no other, and a moved
audit start must never erase a finding already made.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import RECORD, edited, start_repository

from generator.cli.main import main
from generator.history.demo import GitWriter
from generator.history.log import Commit, Identity
from generator.history.timeline import misdated

OFFICE = "records/kantor.yaml"
SRI_ACTING = "      - {jabatan: staf, mulai: 2014-02-01}\n"  # Sri Lestari's only term in the sample office


def acting_next_year(project: Path) -> None:
    """Sri Lestari is scheduled as Plh. Kepala Bidang for one week of 2027."""
    text = (project / OFFICE).read_text(encoding="utf-8")
    assert text.count(SRI_ACTING) == 1
    term = SRI_ACTING + "      - {jabatan: kepala_bidang, sebagai: Plh., mulai: 2027-03-01, sampai: 2027-03-05}\n"
    (project / OFFICE).write_text(text.replace(SRI_ACTING, term), encoding="utf-8")


def head(repo: GitWriter) -> str:
    return repo.git("rev-parse", "HEAD").strip()


def audit_json(root: Path, when: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["audit", "--format", "json", "--pada", when, "--repo", str(root)]) in (0, 1)
    return json.loads(capsys.readouterr().out)


def landing(data: dict, sha: str) -> dict:
    return next(x for x in data["perubahan"] if x["commit"] == sha)


def quota(repo: GitWriter, project: Path, branch: str, value: int, who: str, when: str) -> None:
    text = (project / RECORD).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("kuota: "))
    repo.propose(branch, {RECORD: text.replace(old, f"kuota: {value}", 1)}, f"Kuota {value}", who, when)


# --- forward-dated approval ------------------------------------------------------------------


def test_acting_term_next_year_merged_today_is_a_finding_on_that_merge_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's example: dates inside next year's acting term, merged today."""
    acting_next_year(project)
    repo = start_repository(project)
    quota(repo, project, "rina/a", 20, "rina", "2026-11-20 09:00")
    repo.merge("rina/a", "yusuf", "2026-11-20 10:00", 1)
    quota(repo, project, "sri/b", 21, "sri", "2026-11-28 08:00")
    repo.merge("sri/b", "sri", "2027-03-02 10:00", 2)  # Sri merges her own change, dated inside her term
    forged = head(repo)
    quota(repo, project, "rina/c", 22, "rina", "2026-11-28 10:30")
    repo.merge("rina/c", "yusuf", "2026-11-28 11:00", 3)  # the next honest merge
    honest = head(repo)
    data = audit_json(project, "2026-11-28 12:00", capsys)
    assert landing(data, forged)["golongan"] == "tidak-terbukti"
    assert landing(data, forged)["alasan"] == (
        "digabung oleh Sri Lestari, S.Pd. dengan tanggal yang tidak dapat dipercaya; persetujuan tidak terbukti"
    )  # never "disetujui (Plh. Kepala Bidang)"
    assert landing(data, forged)["temuan"] == [
        "bertanggal 2 Maret 2027 10.00 WIB, setelah waktu audit ini (28 November 2026 12.00 WIB): tanggal commit "
        "di masa depan tidak dapat dipercaya"
    ]
    assert landing(data, honest)["golongan"] == "disetujui" and landing(data, honest)["temuan"] == []
    assert main(["audit", "--strict", "--pada", "2026-11-28 12:00", "--repo", str(project)]) == 1
    text = capsys.readouterr().out
    assert f"{forged[:7]}: {RECORD}: bertanggal 2 Maret 2027" in text and f"{honest[:7]}: " not in text


def test_forward_date_is_still_named_once_its_day_has_passed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Audited after the acting term: the later honest landings disagree with its date."""
    acting_next_year(project)
    repo = start_repository(project)
    quota(repo, project, "sri/b", 21, "sri", "2026-11-28 08:00")
    repo.merge("sri/b", "sri", "2027-03-02 10:00", 1)
    forged = head(repo)
    for number, day in ((2, "2026-11-28"), (3, "2026-11-29"), (4, "2026-11-30")):
        quota(repo, project, f"rina/{number}", 30 + number, "rina", f"{day} 09:00")
        repo.merge(f"rina/{number}", "yusuf", f"{day} 10:00", number)
    data = audit_json(project, "2027-06-01", capsys)
    assert [f["commit"] for f in data["temuan"]] == [forged]
    (message,) = landing(data, forged)["temuan"]
    assert message.startswith("bertanggal 2 Maret 2027 10.00 WIB, setelah perubahan yang masuk sesudahnya (")
    assert landing(data, forged)["golongan"] == "tidak-terbukti"


def test_only_the_committer_date_forward(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Author date today, committer date inside the term: both the date and the author day are named."""
    acting_next_year(project)
    repo = start_repository(project)
    quota(repo, project, "sri/b", 21, "sri", "2026-11-28 08:00")
    repo.merge("sri/b", "sri", "2027-03-02 10:00", 1)
    repo.git(
        "commit",
        "-q",
        "--amend",
        "--no-edit",
        "--date",
        "2026-11-28 09:00 +0700",
        author="sri",
        when="2027-03-02 10:00",
    )
    forged = head(repo)
    found = landing(audit_json(project, "2026-11-28 12:00", capsys), forged)
    assert found["golongan"] == "tidak-terbukti" and "(tanggal penulis)" in found["alasan"]
    assert any("setelah waktu audit ini" in m for m in found["temuan"])


def test_forward_dated_direct_commit(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start_repository(project)
    repo.write(RECORD, edited(project, "kuota: 12", "kuota: 13"))
    repo.commit("Langsung", "dedi", "2030-01-01 08:00")
    sha = head(repo)
    found = landing(audit_json(project, "2026-11-28 12:00", capsys), sha)
    assert found["golongan"] == "langsung"
    assert found["temuan"][1].startswith("bertanggal 1 Januari 2030 08.00 WIB, setelah waktu audit ini")


def test_backdated_merge_into_a_former_officials_term(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Kepala Dinas's term ended on 31 July 2025; his merge of 4 August is dated 30 July."""
    repo = start_repository(project)
    quota(repo, project, "rina/a", 20, "rina", "2025-07-20 09:00")
    repo.merge("rina/a", "yusuf", "2025-07-20 10:00", 1)
    quota(repo, project, "rina/a2", 24, "rina", "2025-08-01 09:00")
    repo.merge("rina/a2", "yusuf", "2025-08-01 10:00", 5)
    quota(repo, project, "rina/b", 21, "rina", "2025-08-04 09:00")
    repo.merge("rina/b", "yusuf", "2025-08-04 10:00", 2)
    quota(repo, project, "dedi/c", 22, "dedi", "2025-08-04 11:00")
    repo.merge("dedi/c", "fauzi", "2025-07-30 10:00", 3)  # backdated into his term
    backdated = head(repo)
    quota(repo, project, "rina/d", 23, "rina", "2025-08-05 09:00")
    repo.merge("rina/d", "yusuf", "2025-08-05 10:00", 4)
    data = audit_json(project, "2026-11-28", capsys)
    assert [f["commit"] for f in data["temuan"]] == [backdated]
    assert landing(data, backdated)["temuan"] == [
        "bertanggal 30 Juli 2025 10.00 WIB, sebelum commit induknya "
        f"({data['perubahan'][-3]['pendek']}, 4 Agustus 2025 10.00 WIB)"
    ]


def test_a_zone_offset_in_the_commit_cannot_move_the_day(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """13 September 20.00 WIB written as 14 September 03.00 +1400: still the 13th, before Rina's term."""
    repo = start_repository(project)
    quota(repo, project, "dedi/a", 20, "dedi", "2026-09-13 19:00")
    rina = "Rina Wulandari", "rina.wulandari@pagaralam.example"
    written = "2026-09-14 03:00 +1400"
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_DATE": written}
    env |= {"GIT_COMMITTER_DATE": written, "GIT_AUTHOR_NAME": rina[0], "GIT_AUTHOR_EMAIL": rina[1]}
    env |= {"GIT_COMMITTER_NAME": rina[0], "GIT_COMMITTER_EMAIL": rina[1]}
    merge = ["git", "-c", "commit.gpgsign=false", "merge", "-q", "--no-ff", "-m", "Merge #1", "dedi/a"]
    subprocess.run(merge, cwd=project, env=env, check=True)
    sha = head(repo)
    assert "+1400" in repo.git("cat-file", "commit", sha)
    found = landing(audit_json(project, "2026-11-28", capsys), sha)
    assert found["waktu"] == "2026-09-13T20:00:00+07:00"
    assert found["golongan"] == "bukan-penyetuju" and "13 September 2026" in found["alasan"]


def commit_at(sha: str, stamp: int) -> Commit:
    from datetime import datetime

    from generator.clock import zone

    moment = datetime.fromtimestamp(stamp, zone("WIB"))
    who = Identity("x", "x@x")
    return Commit(sha * 40, (), who, moment, who, moment, "x")


@pytest.mark.parametrize(
    ("stamps", "named"),
    [
        ([1, 2, 3, 4, 5, 3, 6, 7], "f"),  # one backdated among honest ones
        ([1, 2, 3, 100, 4, 5], "d"),  # one forward-dated among honest ones
        ([1, 2, 3, 100, 4], "de"),  # dates alone cannot tell which: both named
        ([1, 1, 2, 2], ""),  # equal dates are in order
        ([5, 4, 3], "abc"),
    ],
)
def test_landings_outside_every_longest_run_of_dates_are_named(stamps: list[int], named: str) -> None:
    mainline = tuple(commit_at("abcdefgh"[i], 1_700_000_000 + 3600 * s) for i, s in enumerate(stamps))
    assert "".join(sorted(sha[0] for sha in misdated(mainline, None))) == named


# --- the audit window: a moved start never erases a finding already made ----------------------


def set_start(repo: GitWriter, project: Path, branch: str, start: str, when: str, number: int) -> str:
    """An approved pull request that sets `jejak_audit.mulai`; returns its merge."""
    text = (project / OFFICE).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("  mulai: "))
    repo.propose(branch, {OFFICE: text.replace(old, f'  mulai: "{start}"', 1)}, "Titik mulai audit", "rina", when)
    repo.merge(branch, "yusuf", when.replace("09:", "10:"), number)
    return head(repo)


def direct_commit(repo: GitWriter, project: Path, value: int, when: str) -> str:
    text = (project / RECORD).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("kuota: "))
    repo.write(RECORD, text.replace(old, f"kuota: {value}", 1))
    repo.commit(f"Langsung {value}", "dedi", when)
    return head(repo)


def test_an_approved_start_moved_over_a_direct_commit_keeps_its_finding(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's example: `--strict` must stay red, and the move says what it tried to hide."""
    repo = start_repository(project)
    direct = direct_commit(repo, project, 13, "2024-02-01 09:00")
    quota(repo, project, "rina/a", 14, "rina", "2024-02-02 09:00")
    repo.merge("rina/a", "yusuf", "2024-02-02 10:00", 1)
    approved = head(repo)
    mover = set_start(repo, project, "rina/mulai", approved[:10], "2024-02-03 09:00", 2)
    assert main(["audit", "--strict", "--pada", "2026-11-28", "--repo", str(project)]) == 1
    capsys.readouterr()
    data = audit_json(project, "2026-11-28", capsys)
    assert data["mulai_audit"] == approved
    assert landing(data, direct)["golongan"] == "langsung" and landing(data, direct)["temuan"]
    assert landing(data, approved)["golongan"] == "sebelum-audit"  # nothing to erase there
    (notice,) = [n for n in landing(data, mover)["perhatian"] if n.startswith("memindahkan")]
    assert notice == (
        f"memindahkan titik mulai audit (jejak_audit.mulai) dari awal riwayat ke {approved[:10]}: 3 perubahan kini "
        f"sebelum titik mulai; tidak dinilai lagi: {data['perubahan'][0]['pendek']}, {approved[:7]}; tetap dinilai "
        f"karena temuannya sudah dibuat: {direct[:7]}"
    )


def test_a_start_moved_by_a_direct_commit_hides_nothing_it_found(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = start_repository(project)
    first = direct_commit(repo, project, 13, "2024-02-01 09:00")
    second = direct_commit(repo, project, 14, "2024-02-02 09:00")
    text = (project / OFFICE).read_text(encoding="utf-8")
    repo.write(OFFICE, text.replace("  mulai: null", f'  mulai: "{second}"'))
    repo.commit("Rapikan audit", "dedi", "2024-02-03 09:00")
    mover = head(repo)
    data = audit_json(project, "2026-11-28", capsys)
    assert {f["commit"] for f in data["temuan"]} == {first, second, mover}


def test_a_start_not_on_main_judges_everything(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start_repository(project)
    direct = direct_commit(repo, project, 13, "2024-02-01 09:00")
    quota(repo, project, "rina/cabang", 14, "rina", "2024-02-02 09:00")  # a commit only on a branch
    elsewhere = repo.git("rev-parse", "rina/cabang").strip()
    mover = set_start(repo, project, "rina/mulai", elsewhere[:10], "2024-02-03 09:00", 2)
    data = audit_json(project, "2026-11-28", capsys)
    assert data["mulai_audit"] is None and direct in {f["commit"] for f in data["temuan"]}
    assert data["masalah"] == [
        f"titik mulai audit {elsewhere[:10]} (jejak_audit.mulai di records/kantor.yaml) tidak ada di cabang utama; "
        "seluruh riwayat diperiksa"
    ]
    assert any("yang tidak ada di cabang utama" in n for n in landing(data, mover)["perhatian"])


def test_a_start_moved_back_says_what_is_judged_again(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start_repository(project)
    quota(repo, project, "rina/a", 14, "rina", "2024-02-02 09:00")
    repo.merge("rina/a", "yusuf", "2024-02-02 10:00", 1)
    approved = head(repo)
    set_start(repo, project, "rina/mulai", approved[:10], "2024-02-03 09:00", 2)
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    back = set_start(repo, project, "rina/mundur", first[:10], "2024-02-04 09:00", 3)
    notices = landing(audit_json(project, "2026-11-28", capsys), back)["perhatian"]
    assert f"memindahkan titik mulai audit (jejak_audit.mulai) dari {approved[:10]} ke {first[:10]}, ke belakang: " in (
        " ".join(notices)
    )


def test_review_summary_says_when_a_start_is_read_as_a_number(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hash of digits only, written without quotes, is a number to YAML: the audit cannot use it
    (`jejak validate` refuses it), and the Kepala Bidang's summary says so before the merge."""
    repo = start_repository(project)
    text = (project / OFFICE).read_text(encoding="utf-8")
    repo.propose(
        "rina/angka",
        {OFFICE: text.replace("  mulai: null", "  mulai: 6771997938")},
        "Mulai",
        "rina",
        "2024-02-03 09:00",
    )
    assert main(["diff", "main", "rina/angka", "--repo", str(project)]) == 0
    out = capsys.readouterr().out
    assert (
        "  - PERHATIAN: titik mulai audit (jejak_audit.mulai) terbaca sebagai bilangan (6771997938), jadi seluruh "
        'riwayat diperiksa; salin hash apa adanya di dalam tanda kutip, misalnya mulai: "3f2a9c1"\n'
    ) in out
    office = {OFFICE: text.replace("  mulai: null", "  mulai: kemarin")}
    repo.propose("rina/teks", office, "Mulai", "rina", "2024-02-04 09:00")
    assert main(["diff", "main", "rina/teks", "--repo", str(project)]) == 0
    assert (
        "  - PERHATIAN: titik mulai audit (jejak_audit.mulai) 'kemarin' bukan hash commit, jadi seluruh riwayat "
        "diperiksa; salin hash dari `git log --first-parent --oneline`\n"
    ) in capsys.readouterr().out


def test_review_summary_of_a_moved_start_lists_what_it_would_hide(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Kepala Bidang sees, before merging, which landings the new start puts behind it."""
    repo = start_repository(project)
    direct = direct_commit(repo, project, 13, "2024-02-01 09:00")
    text = (project / OFFICE).read_text(encoding="utf-8")
    repo.propose(
        "rina/mulai",
        {OFFICE: text.replace("  mulai: null", f'  mulai: "{direct[:10]}"')},  # quoted, as the guide says
        "Mulai",
        "rina",
        "2024-02-03 09:00",
    )
    assert main(["diff", "main", "rina/mulai", "--repo", str(project)]) == 0
    out = capsys.readouterr().out
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    assert (
        f"  - PERHATIAN: memindahkan titik mulai audit (jejak_audit.mulai) dari awal riwayat ke {direct[:10]}: "
        f"2 perubahan kini sebelum titik mulai; tidak dinilai lagi: {first[:7]}; tetap dinilai karena temuannya "
        f"sudah dibuat: {direct[:7]}\n"
    ) in out
