"""history.py on real repositories built in tmp_path: identities, branches, merges, renames."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import RECORD, edited, start_repository

from generator.clock import zone
from generator.history.compare import compare
from generator.history.demo import GitWriter
from generator.history.log import EMPTY, NOT_GIT, OK, SHALLOW, GitError, read_history

OUTSIDER = ("Tamu", "tamu@luar.example")


start, edit = start_repository, edited


def test_not_a_repository(project: Path) -> None:
    history = read_history(project)
    assert history.state == NOT_GIT
    assert not history.available and history.changes == ()


def test_repository_without_commits(project: Path) -> None:
    GitWriter(project).init()
    assert read_history(project).state == EMPTY


def test_merge_records_the_proposer_and_the_approver(project: Path) -> None:
    repo = start(project)
    repo.propose(
        "rina/kuota", {RECORD: edit(project, "kuota: 12", "kuota: 14")}, "Kuota jadi 14", "rina", "2024-01-29 14:40"
    )
    repo.merge("rina/kuota", "yusuf", "2024-01-29 15:10", 1)
    history = read_history(project)
    assert history.state == OK
    assert [c.subject for c in history.mainline] == ["Mulai", "Merge pull request #1 from rina/kuota"]
    change = history.of_record(RECORD)[-1]
    assert change.status == "M"
    assert change.commit.subject == "Kuota jadi 14"
    assert change.commit.author.email == "rina.wulandari@pagaralam.example"
    assert change.landing.author.email == "yusuf.hidayat@pagaralam.example"
    assert change.landing.is_merge and change.landing.sha == history.mainline[-1].sha
    assert change.commit.authored.utcoffset() == timedelta(hours=7)
    assert (change.commit.authored.hour, change.commit.authored.minute) == (14, 40)
    assert (change.landing.committed.hour, change.landing.committed.minute) == (15, 10)
    assert "kuota: 12" in history.text(change.old_blob) and "kuota: 14" in history.text(change.new_blob)


def test_first_commit_adds_every_record(project: Path) -> None:
    history = read_history(start(project).root)
    first = history.of_record(RECORD)
    assert len(first) == 1 and first[0].status == "A" and first[0].old_blob is None
    assert first[0].landing.sha == first[0].commit.sha


def test_dates_are_converted_to_wib(project: Path) -> None:
    repo = start(project)
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.git("add", "-A")
    env_date = "2024-02-01 03:00 +0000"  # 10.00 WIB
    subprocess.run(
        ["git", "commit", "-q", "-m", "UTC", "--date", env_date],
        cwd=project,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "Dedi",
            "GIT_AUTHOR_EMAIL": "d@x",
            "GIT_COMMITTER_NAME": "Dedi",
            "GIT_COMMITTER_EMAIL": "d@x",
            "GIT_COMMITTER_DATE": env_date,
            "PATH": "/usr/bin:/bin",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
        },
    )
    commit = read_history(project).mainline[-1]
    assert commit.authored.tzinfo == zone()  # the default office zone (generator/clock.py)
    assert f"{commit.authored:%Y-%m-%d %H.%M}" == "2024-02-01 10.00"


def test_commits_of_a_branch_land_with_their_merge(project: Path) -> None:
    repo = start(project)
    repo.git("checkout", "-q", "-b", "rina/dua", "main")
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.commit("Satu", "rina", "2024-02-01 09:00")
    repo.write(RECORD, edit(project, "kuota: 13", "kuota: 14"))
    repo.commit("Dua", "rina", "2024-02-01 09:30")
    repo.git("checkout", "-q", "main")
    repo.write("records/2024/lain.yaml", "kode: lain\n")
    repo.commit("Langsung", "dedi", "2024-02-01 10:00")
    repo.merge("rina/dua", "yusuf", "2024-02-01 11:00", 2)
    history = read_history(project)
    changes = history.of_record(RECORD)
    assert [c.landing.subject for c in changes] == ["Mulai", "Merge pull request #2 from rina/dua"]
    merged = changes[-1]  # the merge's net effect against main: 12 -> 14, proposed by both branch commits
    assert "kuota: 12" in history.text(merged.old_blob) and "kuota: 14" in history.text(merged.new_blob)
    assert [c.subject for c in merged.proposers] == ["Dua", "Satu"] and merged.commit.subject == "Dua"
    assert not merged.in_merge
    direct = history.of_record("records/2024/lain.yaml")
    assert [c.landing.subject for c in direct] == ["Langsung"]


def test_squash_merge_lands_as_a_single_commit(project: Path) -> None:
    repo = start(project)
    repo.propose("rina/s", {RECORD: edit(project, "kuota: 12", "kuota: 15")}, "Usulan", "rina", "2024-02-01 09:00")
    repo.squash("rina/s", "yusuf", "2024-02-02 09:00", "Usulan (#3)", "rina")
    change = read_history(project).of_record(RECORD)[-1]
    assert change.landing is change.commit or change.landing == change.commit
    assert not change.landing.is_merge
    assert change.commit.committer.email == "yusuf.hidayat@pagaralam.example"
    assert change.commit.author.email == "rina.wulandari@pagaralam.example"


def test_renamed_record_keeps_its_history(project: Path) -> None:
    repo = start(project)
    new = "records/2024/menjahit-angkatan-1.yaml"
    repo.git("checkout", "-q", "-b", "sri/nama", "main")
    repo.rename(RECORD, new)
    repo.commit("Ganti nama", "sri", "2024-02-03 08:00")
    repo.git("checkout", "-q", "main")
    repo.merge("sri/nama", "yusuf", "2024-02-03 09:00", 4)
    repo.write(new, edit(project, "kuota: 12", "kuota: 16", new))
    repo.commit("Kuota", "dedi", "2024-02-04 08:00")
    changes = read_history(project).of_record(new)
    assert [(c.status, c.old_path, c.path) for c in changes] == [
        ("A", RECORD, RECORD),
        ("R", RECORD, new),
        ("M", new, new),
    ]


def test_deleted_record(project: Path) -> None:
    repo = start(project)
    repo.write(RECORD, None)
    repo.commit("Hapus", "dedi", "2024-02-04 08:00")
    last = read_history(project).of_record(RECORD)[-1]
    assert last.status == "D" and last.new_blob is None


def test_the_whole_repository_is_in_scope(project: Path) -> None:
    repo = start(project)
    repo.write("README.md", "halo\n")
    repo.write("Makefile", "all:\n")
    repo.commit("Readme", "dedi", "2024-02-04 08:00")
    history = read_history(project)
    (readme,) = [c for c in history.changes if c.path == "README.md"]
    (make,) = [c for c in history.changes if c.path == "Makefile"]
    assert readme.landing.subject == "Readme" and readme.group == "tampilan" and make.group == "kode"
    assert history.text(readme.new_blob) is None  # only data files are read


def test_jejak_root_inside_a_bigger_repository(project: Path, tmp_path: Path) -> None:
    outer = tmp_path / "luar"
    outer.mkdir()
    inner = outer / "portal"
    project.rename(inner)
    repo = GitWriter(outer)
    repo.init()
    repo.commit("Mulai", "dedi", "2024-01-22 08:00")
    history = read_history(inner)
    assert RECORD in {c.path for c in history.changes}


def test_shallow_clone_is_detected(project: Path, tmp_path: Path) -> None:
    repo = start(project)
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.commit("Dua", "dedi", "2024-02-04 08:00")
    clone = tmp_path / "dangkal"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True)
    assert read_history(clone).state == SHALLOW


def test_subject_with_separator_characters(project: Path) -> None:
    repo = start(project)
    repo.write(RECORD, edit(project, "kuota: 12", "kuota: 13"))
    repo.commit("Aneh \x1e\x1f <b>*tebal*</b>", OUTSIDER, "2024-02-04 08:00")
    history = read_history(project)
    assert history.mainline[-1].subject.endswith("<b>*tebal*</b>")
    assert history.mainline[-1].author.email == "tamu@luar.example"


def test_compare_lists_the_files_a_branch_changes(project: Path) -> None:
    repo = start(project)
    repo.propose(
        "rina/x", {RECORD: edit(project, "kuota: 12", "kuota: 13"), "README.md": "x\n"}, "X", "rina", "2024-02-04 08:00"
    )
    pairs = compare(project, "main", "rina/x")
    assert [(p.path, p.status) for p in pairs] == [("README.md", "A"), (RECORD, "M")]
    assert "kuota: 12" in pairs[1].old_text and "kuota: 13" in pairs[1].new_text
    assert pairs[0].new_text is None  # code and documents are listed, not read


def test_no_git_process_is_left_behind(project: Path) -> None:
    start(project)
    read_history(project)
    ps = subprocess.run(["ps", "-eo", "ppid=,comm="], capture_output=True, text=True, check=True).stdout
    children = [line for line in ps.splitlines() if line.split()[0] == str(os.getpid()) and "git" in line]
    assert children == []


@pytest.mark.parametrize("ref", ["tidak-ada", "HEAD~5"])
def test_unknown_ref_is_a_clear_error(project: Path, ref: str) -> None:
    start(project)
    with pytest.raises(GitError, match=f"cabang atau commit '{re.escape(ref)}' tidak ditemukan"):
        read_history(project, ref)


def test_without_the_git_program(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(project / "tidak-ada"))
    assert read_history(project).state == NOT_GIT  # no .git anywhere: plainly not a repository
    (project / ".git").mkdir()
    with pytest.raises(GitError, match="program git tidak ditemukan"):
        read_history(project)
