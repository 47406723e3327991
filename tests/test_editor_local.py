"""`jejak ubah`, the form's local mode, on real repositories: it refuses what would break a save
(a dirty tree, a Git host in the office record, an unknown person), works in a worktree of its
own so the served folder never changes branch, commits as the chosen person, answers this
computer only, deletes merged (or empty) proposals, and leaves nothing behind when it stops."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, free_port, put, signal_other_thread

from generator.history.stream import GitError
from generator.history.worktree import FORM_BRANCH, close_worktree, open_worktree, proposals, sync, uncommitted

JEJAK = str(REPO / ".venv" / "bin" / "jejak")
STAFF = ("Dedi Kurniawan, A.Md.", "dedi.kurniawan@pagaralam.example")
HEAD = ("Yusuf Hidayat, S.T., M.M.", "yusuf.hidayat@pagaralam.example")
BRANCH = "cms/penyelenggaraan-pelatihan/2027/2027-uji"


def git(root: Path, *args: str, who: tuple[str, str] = HEAD) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(root.parent),
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
    }
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def local_mode(root: Path, block: str) -> None:
    office = root / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    start = text.index("\npenyunting:")
    end = text.index("\n\n", start + 1)
    office.write_text(text[:start] + "\npenyunting:\n" + block + text[end:], encoding="utf-8")


@pytest.fixture
def repo(project: Path) -> Path:
    """The sample project as an office repository in local mode, everything committed."""
    local_mode(project, f"  jenis: lokal\n  alamat: http://127.0.0.1:{free_port()}/api/v1\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Catatan awal")
    return project


def port_of(root: Path) -> int:
    text = (root / "records" / "kantor.yaml").read_text(encoding="utf-8")
    return int(text.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])


def ubah(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JEJAK, "ubah", *args], cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL)


# --- refusals --------------------------------------------------------------------------


def test_a_dirty_tree_is_refused_with_what_to_do(repo: Path):
    put(repo, "records/kantor.yaml", "jenis: lokal", "jenis: lokal  # uji")
    (repo / "records" / "2027" / "baru.yaml").write_text("kode: x\n", encoding="utf-8")
    assert uncommitted(repo) == ["M records/kantor.yaml", "?? records/2027/baru.yaml"]
    done = ubah(repo, "--sebagai", "dedi-kurniawan")
    assert done.returncode == 1
    assert done.stderr.startswith("jejak: galat: ada perubahan yang belum di-commit di repositori ini:\n")
    assert "    M records/kantor.yaml\n    ?? records/2027/baru.yaml\n" in done.stderr
    assert "  saran: usulkan perubahan itu dulu lewat cabang dan commit" in done.stderr and "git stash" in done.stderr
    assert git(repo, "branch", "--format=%(refname:short)").split() == ["main"]
    assert not (repo / ".git" / "jejak-formulir").exists()


@pytest.mark.parametrize(
    ("block", "said", "hint"),
    [
        (
            "  jenis: forgejo\n  alamat: https://git.kantor.example\n  repositori: blk/jejak\n  id_aplikasi: a\n",
            "data kantor memakai server Git (forgejo, https://git.kantor.example)",
            "ubah 'penyunting' di data kantor menjadi 'jenis: lokal'",
        ),
        (
            "  jenis: lokal\n  alamat: http://192.168.1.20:8081/api/v1\n",
            "alamat penyunting 'http://192.168.1.20:8081/api/v1' bukan alamat komputer ini",
            "tulis 'alamat: http://127.0.0.1:8081/api/v1'",
        ),
    ],
)
def test_an_office_record_that_is_not_local_mode_is_refused(repo: Path, block: str, said: str, hint: str):
    local_mode(repo, block)
    git(repo, "commit", "-q", "-am", "Penyunting")
    done = ubah(repo, "--sebagai", "dedi-kurniawan")
    assert done.returncode == 1 and said in done.stderr and hint in done.stderr and "Traceback" not in done.stderr


def test_the_person_must_be_in_the_office_record_with_an_email(repo: Path):
    unknown = ubah(repo, "--sebagai", "dedi")
    assert unknown.returncode == 2 and "jejak: galat: 'dedi' tidak ada di data kantor" in unknown.stderr
    assert "dedi-kurniawan" in unknown.stderr
    asked = ubah(repo)  # no terminal to ask at
    assert asked.returncode == 2 and "pilih dengan --sebagai" in asked.stderr
    put(repo, "records/kantor.yaml", "    surel: [dedi.kurniawan@pagaralam.example]\n", "")
    git(repo, "commit", "-q", "-am", "Tanpa surel")
    without = ubah(repo, "--sebagai", "dedi-kurniawan")
    assert without.returncode == 2 and "Dedi Kurniawan, A.Md. belum punya surel di data kantor" in without.stderr
    assert "saran: tambahkan 'surel' untuk 'dedi-kurniawan'" in without.stderr


# --- running ---------------------------------------------------------------------------


@dataclass
class Running:
    root: Path
    port: int
    process: subprocess.Popen

    def post(self, body: dict, headers: dict[str, str] | None = None) -> tuple[int, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("POST", "/api/v1", json.dumps(body), {"Content-Type": "application/json", **(headers or {})})
        answer = connection.getresponse()
        data = json.loads(answer.read() or b"{}")
        connection.close()
        return answer.status, data


@pytest.fixture
def running(repo: Path) -> Iterator[Running]:
    port = port_of(repo)
    process = subprocess.Popen(
        [JEJAK, "ubah", "--sebagai", "dedi-kurniawan"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    try:
        yield Running(repo, port, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def new_record(slug: str) -> dict:
    raw = (REPO / "records" / "2027" / "2027-tata-rias-1.yaml").read_text(encoding="utf-8")
    raw = raw.replace("kode: 2027-tata-rias-1", f"kode: {slug.split('/')[1]}")
    return {
        "action": "persistEntry",
        "params": {
            "branch": FORM_BRANCH,
            "dataFiles": [{"path": f"records/{slug}.yaml", "slug": slug, "raw": raw}],
            "assets": [],
            "options": {
                "collectionName": "penyelenggaraan-pelatihan",
                "commitMessage": f"Kegiatan baru {slug} (lewat formulir)",
                "useWorkflow": True,
                "status": "draft",
            },
        },
    }


def listening_addresses(port: int) -> set[str]:
    """The local addresses sockets on `port` listen on (Linux /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.split(":")
            if int(hexport, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def test_a_save_is_a_proposal_by_the_chosen_person_and_the_served_folder_never_moves(running: Running):
    root = running.root
    assert listening_addresses(running.port) == {"0100007F"}  # 127.0.0.1 only
    status, info = running.post({"action": "info"})
    assert status == 200 and info["type"] == "local_git"
    before = (root / "records" / "kantor.yaml").read_text(encoding="utf-8")
    status, _ = running.post(new_record("2027/2027-uji"))
    assert status == 200
    assert git(root, "log", "--format=%an|%ae|%cn|%s", f"main..{BRANCH}").splitlines() == [
        "Dedi Kurniawan, A.Md|dedi.kurniawan@pagaralam.example|Dedi Kurniawan, A.Md|Kegiatan baru 2027/2027-uji (lewat formulir)"
    ]
    assert git(root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(root, "status", "--porcelain") == "" and not (root / "records" / "2027" / "2027-uji.yaml").exists()
    assert (root / "records" / "kantor.yaml").read_text(encoding="utf-8") == before
    # The Kepala Bidang merges in the repository; the next request of the form sees main and no proposal.
    git(root, "merge", "--no-ff", "-q", "-m", f"Merge branch '{BRANCH}'", BRANCH)
    status, listed = running.post({"action": "unpublishedEntries", "params": {"branch": FORM_BRANCH}})
    assert (status, listed) == (200, [])
    assert git(root, "rev-parse", FORM_BRANCH) == git(root, "rev-parse", "main")
    assert proposals(root) == [] and "cms/" not in git(root, "config", "--list")
    status, entry = running.post(
        {"action": "getEntry", "params": {"branch": FORM_BRANCH, "path": "records/2027/2027-uji.yaml"}}
    )
    assert status == 200 and "kode: 2027-uji" in entry["data"]


def test_only_this_computers_pages_may_use_it(running: Running):
    for headers in ({"Host": f"jejak.example:{running.port}"}, {"Origin": "https://jahat.example"}):
        status, answer = running.post({"action": "info"}, headers)
        assert status == 403 and answer == {"error": "hanya untuk halaman dari komputer ini"}
    status, _ = running.post({"action": "info"}, {"Origin": "http://127.0.0.1:8000"})
    assert status == 200


def test_what_a_failed_save_leaves_is_cleared_before_the_next_request(running: Running):
    """An empty proposal branch (a save that failed after making it) would rename the next file of
    that event `…-1`; files written but not committed would go into the next commit."""
    root = running.root
    git(root, "branch", BRANCH, "main")
    (root / ".git" / "jejak-formulir" / "sisa.txt").write_text("sisa simpanan gagal\n", encoding="utf-8")
    status, listed = running.post({"action": "unpublishedEntries", "params": {"branch": FORM_BRANCH}})
    assert (status, listed) == (200, [])
    assert proposals(root) == [] and not (root / ".git" / "jejak-formulir" / "sisa.txt").exists()
    # Reads that went well let the next read skip the clean-up; a save never skips it.
    git(root, "branch", BRANCH, "main")
    (root / ".git" / "jejak-formulir" / "sisa.txt").write_text("sisa simpanan gagal\n", encoding="utf-8")
    status, _ = running.post(new_record("2027/2027-uji"))
    assert status == 200 and git(root, "ls-tree", "--name-only", BRANCH, "records/2027/").split() == [
        "records/2027/2027-tata-rias-1.yaml",
        "records/2027/2027-uji.yaml",
    ]
    assert "sisa.txt" not in git(root, "ls-tree", "--name-only", BRANCH).split()
    assert not (root / ".git" / "jejak-formulir" / "sisa.txt").exists()


def test_a_failing_backend_answers_in_indonesian(running: Running):
    status, answer = running.post({"action": "getEntry", "params": {"branch": "tidak-ada", "path": "x"}})
    assert status == 422  # decap-server's own refusal of a request (not a failed save) passes through
    missing = {"branch": FORM_BRANCH, "collection": "penyelenggaraan-pelatihan", "slug": "2027/tidak-ada"}
    status, answer = running.post({"action": "deleteUnpublishedEntry", "params": missing})
    assert status == 500 and answer["error"].startswith("server Git di komputer ini menolak permintaan itu")


def test_stopping_leaves_no_branch_no_worktree_and_no_process(running: Running):
    children = subprocess.run(["pgrep", "-P", str(running.process.pid)], capture_output=True, text=True).stdout.split()
    assert children, "decap-server runs as a child of jejak ubah"
    running.process.send_signal(signal.SIGTERM)
    out, _ = running.process.communicate(timeout=60)
    assert running.process.returncode == 0 and out.splitlines()[-1] == "jejak ubah: formulir lokal berhenti"
    assert "usulan disimpan atas nama: Dedi Kurniawan, A.Md. <dedi.kurniawan@pagaralam.example>" in out
    assert git(running.root, "branch", "--format=%(refname:short)").split() == ["main"]
    assert git(running.root, "worktree", "list", "--porcelain").count("worktree ") == 1
    for pid in children:
        assert not Path(f"/proc/{pid}").exists()


def test_ctrl_c_reaching_any_thread_stops_it(running: Running):
    """Ctrl+C or SIGTERM goes to whichever thread of `jejak ubah` Linux picks (under load, often
    not the main one): it stops all the same, as it says, and leaves nothing behind."""
    signal_other_thread(running.process.pid, signal.SIGINT)
    out, _ = running.process.communicate(timeout=60)
    assert running.process.returncode == 0 and out.splitlines()[-1] == "jejak ubah: formulir lokal berhenti"
    assert git(running.root, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_a_worktree_left_by_a_killed_run_is_replaced_and_two_runs_never_share_one(repo: Path):
    stale = open_worktree(repo, "main")
    (stale.path / "sisa.txt").write_text("x", encoding="utf-8")
    with pytest.raises(GitError, match="`jejak ubah` lain sedang berjalan untuk repositori ini"):
        open_worktree(repo, "main")
    assert (stale.path / "sisa.txt").exists()  # the running one's worktree is left alone
    assert stale.lock is not None
    os.close(stale.lock)  # the process is killed: its lock goes with it
    again = open_worktree(repo, "main")
    assert again.path == stale.path and not (again.path / "sisa.txt").exists()
    assert sync(again) == [] and git(repo, "worktree", "list").count("\n") == 2
    close_worktree(again)
    assert git(repo, "branch", "--format=%(refname:short)").split() == ["main"]
