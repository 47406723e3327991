"""Issue 22: the audit cache. A second audit reads only new commits and judges only new landings,
and gives exactly what an audit without the cache gives; a rewritten history is never served
from it; and a tampered, foreign, planted or unsafe cache never changes a verdict."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, RECORD, edited, start_repository

import generator.history.audit as audit_module
import generator.history.log as log_module
from generator.cli.audit import as_json
from generator.cli.main import main
from generator.history.cache import KEY_ENV, AuditCache, cache_dir
from generator.history.demo import GitWriter
from generator.history.trail import audit_repository, encode, landing_keys
from generator.records.workspace import load_workspace

ZONE = "WIB7:00:00"


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own cache folder and key."""
    monkeypatch.setenv("JEJAK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(KEY_ENV, "kunci-kantor")
    return tmp_path / "cache" / "audit"


def quota(project: Path, value: int) -> str:
    text = (project / RECORD).read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("kuota: "))
    return text.replace(old, f"kuota: {value}", 1)


def history_of(project: Path) -> GitWriter:
    """Three approved merges and a direct commit (a finding)."""
    repo = start_repository(project)
    for number in (1, 2, 3):
        repo.propose(
            f"rina/{number}", {RECORD: quota(project, number)}, f"Kuota {number}", "rina", f"2024-02-0{number} 09:00"
        )
        repo.merge(f"rina/{number}", "yusuf", f"2024-02-0{number} 10:00", number)
    repo.write(RECORD, quota(project, 9))
    repo.commit("Langsung", "dedi", "2024-02-05 09:00")
    return repo


def verdicts_in(entry: Path) -> dict:
    """The verdicts a cache file holds (its main part: after the magic, the MAC and the size lines)."""
    _, _, size, rest = entry.read_bytes().split(b"\n", 3)
    return json.loads(rest[: int(size)])["verdicts"]


def run_audit(project: Path, *, cache: bool = True) -> tuple[Any, Any]:
    workspace = load_workspace(project, now=NOW)
    return audit_repository(project, workspace.office, workspace.sops, now=NOW, cache=cache)


def report(project: Path, *, cache: bool = True) -> dict:
    history, result = run_audit(project, cache=cache)
    data = as_json(history, result)
    data["riwayat"] = [[c.meaning.lines for c in x.changes] for x in result.landings]
    return data


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """The git log reads and the landings judged, as they happen."""
    seen: dict[str, list] = {"log": [], "judged": []}
    real_log, real_judge = log_module.run_log, audit_module.judge

    def run_log(root, ref, zone, *, since=None):  # type: ignore[no-untyped-def]
        seen["log"].append(since)
        return real_log(root, ref, zone, since=since)

    def judge(history, commit, *args):  # type: ignore[no-untyped-def]
        seen["judged"].append(commit.sha)
        return real_judge(history, commit, *args)

    monkeypatch.setattr(log_module, "run_log", run_log)
    monkeypatch.setattr(audit_module, "judge", judge)
    return seen


def direct_sha(project: Path) -> str:
    return GitWriter(project).git("rev-parse", "HEAD").strip()


def test_second_audit_reads_and_judges_nothing_again(project: Path, own_cache: Path, counted: dict) -> None:
    history_of(project)
    fresh = report(project, cache=False)
    counted["log"].clear(), counted["judged"].clear()
    assert report(project) == fresh  # the first audit fills the cache
    assert counted["log"] == [None] and len(counted["judged"]) == 5
    counted["log"].clear(), counted["judged"].clear()
    assert report(project) == fresh  # the second one reads it
    assert counted == {"log": [], "judged": []}
    (entry,) = own_cache.iterdir()
    assert stat.S_IMODE(own_cache.stat().st_mode) == 0o700 and entry.read_bytes().startswith(b"jejak-audit-cache")


def test_after_one_merge_only_the_new_commits_are_read(project: Path, own_cache: Path, counted: dict) -> None:
    repo = history_of(project)
    report(project)
    old_tip = direct_sha(project)
    repo.propose("rina/4", {RECORD: quota(project, 4)}, "Kuota 4", "rina", "2024-02-06 09:00")
    repo.merge("rina/4", "yusuf", "2024-02-06 10:00", 4)
    counted["log"].clear(), counted["judged"].clear()
    cached = report(project)
    assert counted["log"] == [old_tip] and counted["judged"] == [direct_sha(project)]
    assert cached == report(project, cache=False)


def test_a_rewritten_history_is_never_served_from_the_cache(project: Path, own_cache: Path, counted: dict) -> None:
    repo = history_of(project)
    report(project)
    repo.git("reset", "-q", "--hard", "HEAD~1")  # the direct commit is gone ...
    repo.write(RECORD, quota(project, 7))
    repo.commit("Langsung (ditulis ulang)", "dedi", "2024-02-05 09:30")  # ... and another takes its place
    counted["log"].clear()
    assert report(project) == report(project, cache=False)
    assert counted["log"][0] is None  # the old tip is no ancestor: the whole log was read again
    (entry,) = own_cache.iterdir()
    assert len(verdicts_in(entry)) == 5  # the verdict of the rewritten-away commit was dropped


def test_a_change_of_code_or_office_zone_judges_again(
    project: Path, own_cache: Path, counted: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    history_of(project)
    report(project)
    monkeypatch.setattr("generator.history.trail.code_version", lambda: "kode lain")
    counted["judged"].clear()
    report(project)
    assert len(counted["judged"]) == 5


def test_office_zone_decides_the_day_and_the_cache_follows_it(
    project: Path, own_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """13 September 23.30 WIB is 14 September 01.30 WIT, the first day of Rina's acting term."""
    repo = start_repository(project)
    repo.propose("dedi/a", {RECORD: edited(project, "kuota: 12", "kuota: 13")}, "Kuota", "dedi", "2026-09-13 22:00")
    repo.merge("dedi/a", "rina", "2026-09-13 23:30", 1)
    wib = report(project)["perubahan"][-1]
    office = project / "records" / "kantor.yaml"
    office.write_text(office.read_text().replace("zona_waktu: Asia/Jakarta", "zona_waktu: Asia/Jayapura"))
    wit = report(project)["perubahan"][-1]
    assert (wib["golongan"], wib["waktu"]) == ("bukan-penyetuju", "2026-09-13T23:30:00+07:00")
    assert (wit["golongan"], wit["waktu"]) == ("disetujui", "2026-09-14T01:30:00+09:00")
    assert "Plh. Kepala Bidang" in wit["alasan"] and "14 September 2026" in wit["alasan"]
    main(["audit", "--semua", "--pada", "2026-11-28", "--repo", str(project)])
    assert "14 September 2026 01.30 WIT  disetujui" in capsys.readouterr().out


# --- a cache is an input someone else may write -----------------------------------------------


def forged(project: Path, monkeypatch: pytest.MonkeyPatch, key: str, folder: Path | None = None) -> Path:
    """A cache file saying the direct commit was approved, signed with `key`."""
    history, result = run_audit(project, cache=False)
    sha = direct_sha(project)
    small, large = encode(result.verdicts[sha])
    small[0], small[2], small[5] = "disetujui", "disetujui oleh Yusuf Hidayat (Kepala Bidang)", []
    monkeypatch.setenv(KEY_ENV, key)
    store = AuditCache.open(project, "HEAD", folder)
    store.set_verdict(landing_keys(history, ZONE)[sha], small, large)
    store.save()
    monkeypatch.setenv(KEY_ENV, "kunci-kantor")
    assert store.path is not None
    return store.path


def assert_not_approved(project: Path) -> None:
    data = report(project)
    assert data["perubahan"][-1]["golongan"] == "langsung" and data["temuan"]
    assert data == report(project, cache=False)


def test_a_cache_signed_with_another_key_is_ignored(
    project: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history_of(project)
    forged(project, monkeypatch, "kunci-orang-lain")
    assert_not_approved(project)


def test_an_edited_cache_is_ignored(project: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    history_of(project)
    report(project)
    (entry,) = own_cache.iterdir()
    entry.write_bytes(entry.read_bytes().replace(b'"langsung"', b'"disetujui"'))
    assert b'"disetujui"' in entry.read_bytes()
    assert_not_approved(project)


@pytest.mark.parametrize("cut", [0, 20, 90, -1])
def test_a_cut_short_cache_is_ignored(project: Path, own_cache: Path, cut: int) -> None:
    history_of(project)
    report(project)
    (entry,) = own_cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:cut])
    assert_not_approved(project)


def test_a_cache_file_of_another_history_is_ignored(
    project: Path, tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed with the right key, but for another repository: the MAC covers which history it is."""
    history_of(project)
    other = tmp_path / "lain"
    project.rename(other)
    forged_file = forged(other, monkeypatch, "kunci-kantor")
    other.rename(project)
    report(project)
    (mine,) = [p for p in own_cache.iterdir() if p != forged_file]
    mine.write_bytes(forged_file.read_bytes())
    assert_not_approved(project)


def test_a_planted_link_is_never_followed(
    project: Path, tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history_of(project)
    elsewhere = tmp_path / "di-tempat-lain"
    elsewhere.mkdir(mode=0o700)
    target = forged(project, monkeypatch, "kunci-kantor", elsewhere)  # even signed with the right key
    before = target.read_bytes()
    own_cache.mkdir(parents=True)
    (own_cache / target.name).symlink_to(target)
    assert_not_approved(project)
    assert target.read_bytes() == before and not (own_cache / target.name).is_symlink()


def test_a_planted_fifo_does_not_hang_the_audit(project: Path, own_cache: Path) -> None:
    history_of(project)
    report(project)
    (entry,) = own_cache.iterdir()
    entry.unlink()
    os.mkfifo(entry)
    assert_not_approved(project)


@pytest.mark.parametrize("where", ["others-writable", "inside-repository"])
def test_an_unsafe_cache_folder_is_not_used(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: dict, where: str
) -> None:
    history_of(project)
    folder = project / ".cache-audit" if where == "inside-repository" else tmp_path / "bersama"
    folder.mkdir()
    if where == "others-writable":
        folder.chmod(0o777)
    monkeypatch.setenv("JEJAK_CACHE_DIR", str(folder))
    report(project)
    counted["judged"].clear()
    assert_not_approved(project)
    assert len(counted["judged"]) == 10  # judged from scratch both times: nothing was kept
    assert not (folder / "audit").exists() or not any((folder / "audit").iterdir())


def test_the_key_file_is_the_users_own(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: dict
) -> None:
    """Without the environment's key, a key file in the user's data folder (never in the cache)."""
    history_of(project)
    monkeypatch.delenv(KEY_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("JEJAK_CACHE_DIR", str(tmp_path / "cache"))
    report(project)
    key = tmp_path / "data" / "jejak" / "kunci-cache-audit"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32
    assert not cache_dir().joinpath(key.name).exists()
    counted["judged"].clear()
    report(project)
    assert counted["judged"] == []
    key.chmod(0o644)  # readable by others: not a secret any more, so no cache at all
    report(project)
    assert len(counted["judged"]) == 5


def test_merge_after_merge_the_log_grows_by_segments_and_is_written_whole_again(
    project: Path, own_cache: Path, counted: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log_module, "SEGMENTS", 3)
    repo = history_of(project)
    report(project)
    for number in range(4, 9):
        repo.propose(
            f"rina/{number}", {RECORD: quota(project, number)}, f"Kuota {number}", "rina", f"2024-02-0{number} 09:00"
        )
        repo.merge(f"rina/{number}", "yusuf", f"2024-02-0{number} 10:00", number)
        counted["log"].clear()
        assert report(project) == report(project, cache=False)
        assert counted["log"][0] is not None  # only the commits after the known tip were read
        (entry,) = own_cache.iterdir()
        _, _, size, rest = entry.read_bytes().split(b"\n", 3)
        assert 1 <= len(json.loads(rest[: int(size)])["log"]) <= 3
