"""The demonstration repository of `jejak demo`: sample records arriving the way the office works.

The office's people propose each change on a branch and someone merges it: mostly the
Kepala Bidang (approved), once the Kepala Dinas, and four findings staged on purpose: a
direct commit on main, a squash merge, a merge by a staff member (not an approver), and a
merge written in the Kepala Bidang's name but committed by a staff member. One record is
renamed. The portal is then built from it (generator/cli/demo.py), so the Riwayat and the
Jejak Audit page show every kind of finding, and `jejak audit` reports exactly these four.
GitWriter is also the tests' only Git writer; git runs only under history/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PEOPLE = {
    "dedi": ("Dedi Kurniawan", "dedi.kurniawan@pagaralam.example"),
    "rina": ("Rina Wulandari", "rina.wulandari@pagaralam.example"),
    "sri": ("Sri Lestari", "sri.lestari@pagaralam.example"),
    "yusuf": ("Yusuf Hidayat", "yusuf.hidayat@pagaralam.example"),
    "fauzi": ("Ahmad Fauzi", "ahmad.fauzi@pagaralam.example"),
    "nurhayati": ("Nurhayati", "nurhayati@pagaralam.example"),
    "bambang": ("Bambang Setiawan", "bambang.setiawan@pagaralam.example"),
}
COPIED = ("schema", "docs", "site_templates", "mkdocs.yml", "records/kantor.yaml")
MENJAHIT = "records/2024/2024-menjahit-1.yaml"
LAS = "records/2025/2025-las-listrik-1.yaml"
BARISTA = "records/2026/2026-barista-1.yaml"
TATA_RIAS = "records/2027/2027-tata-rias-1.yaml"


Who = str | tuple[str, str]  # a key of PEOPLE, or (name, e-mail)


def _identity(who: Who) -> tuple[str, str]:
    return PEOPLE[who] if isinstance(who, str) else who


class DemoError(Exception):
    """The demonstration could not be made; the message says why (Indonesian)."""


@dataclass
class GitWriter:
    """Writes commits with chosen identities and dates (the demo's and the tests' only Git writer)."""

    root: Path

    def git(
        self, *args: str, author: Who = "dedi", when: str = "2024-01-02 08:00", committer: Who | None = None
    ) -> str:
        a, c = _identity(author), _identity(committer or author)
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": a[0],
            "GIT_AUTHOR_EMAIL": a[1],
            "GIT_COMMITTER_NAME": c[0],
            "GIT_COMMITTER_EMAIL": c[1],
            "GIT_AUTHOR_DATE": f"{when} +0700",
            "GIT_COMMITTER_DATE": f"{when} +0700",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise DemoError(f"git {' '.join(args)} gagal: {done.stderr.strip()}")
        return done.stdout

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def write(self, path: str, text: str | None) -> None:
        target = self.root / path
        if text is None:
            target.unlink()
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, author: Who, when: str, committer: Who | None = None) -> None:
        self.git("add", "-A", author=author, when=when)
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author, when=when, committer=committer)

    def propose(self, branch: str, files: dict[str, str | None], message: str, author: Who, when: str) -> None:
        """A branch from main with one commit: the change a staff member proposes."""
        self.git("checkout", "-q", "-b", branch, "main")
        for path, text in files.items():
            self.write(path, text)
        self.commit(message, author, when)
        self.git("checkout", "-q", "main")

    def merge(self, branch: str, by: Who, when: str, number: int, committer: Who | None = None) -> None:
        """A merge commit, as a Git host writes it when the pull request is merged."""
        message = f"Merge pull request #{number} from {branch}"
        self.git("merge", "-q", "--no-ff", "-m", message, branch, author=by, when=when, committer=committer)

    def squash(self, branch: str, by: Who, when: str, subject: str, author: Who) -> None:
        self.git("merge", "-q", "--squash", branch, author=by, when=when)
        self.git("commit", "-q", "-m", subject, author=author, when=when, committer=by)

    def rename(self, old: str, new: str) -> None:
        self.git("mv", old, new)


def staged(text: str, upto: int) -> str:
    """A record as it stood when steps 1..upto were filled: later steps back to `belum`."""
    out: list[str] = []
    current = 0
    for line in text.splitlines(keepends=True):
        match = re.match(r"  - no: (\d+)\s*$", line)
        if match:
            current = int(match.group(1))
            out.append(line)
            if current > upto:
                out.append("    status: belum\n")
            continue
        if current > upto and not line.startswith("    rencana:"):
            continue
        out.append(line)
    result = "".join(out)
    return result if upto >= 7 else _without_participants(result)


def _without_participants(text: str) -> str:
    return re.sub(r"^peserta:\n(?:  .*\n)+", "peserta: []\n", text, flags=re.MULTILINE)


def make_demo(source: Path, folder: Path) -> None:
    """Create the demonstration repository in a new (or empty) folder."""
    if folder.exists() and any(folder.iterdir()):
        raise DemoError(f"folder {folder} sudah berisi berkas; pilih folder baru atau kosong")
    if shutil.which("git") is None:
        raise DemoError("program git tidak ditemukan; pasang Git lalu ulangi")
    texts = {
        p: (source / p).read_text(encoding="utf-8")
        for p in (MENJAHIT, LAS, BARISTA, TATA_RIAS)
        if (source / p).is_file()
    }
    if MENJAHIT not in texts:
        raise DemoError(f"contoh {MENJAHIT} tidak ditemukan di {source}")
    repo = GitWriter(folder)
    repo.init()
    for name in COPIED:
        _copy(source / name, folder / name)
    repo.write(".gitignore", "site/\n.jejak-cache/\n")
    repo.commit("Mulai repositori Jejak: SOP, data kantor, portal", "dedi", "2024-01-22 08:00")
    _menjahit(repo, texts[MENJAHIT])
    if LAS in texts:
        _las_listrik(repo, texts[LAS])
    if BARISTA in texts:
        _barista(repo, texts[BARISTA])
    if TATA_RIAS in texts:
        _tata_rias(repo, texts[TATA_RIAS])


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("kegiatan", "_generated", "__pycache__"))
    elif src.is_file():
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)


def _menjahit(repo: GitWriter, text: str) -> None:
    """Every way a change can reach main, on the 2024 sample."""
    path = MENJAHIT
    repo.propose(
        "rina/rencana-menjahit",
        {path: staged(text, 1)},
        "Rencana kerja Pelatihan Menjahit Angkatan I",
        "rina",
        "2024-01-29 14:40",
    )
    repo.merge("rina/rencana-menjahit", "yusuf", "2024-01-29 15:10", 1)
    repo.propose(
        "rina/persetujuan-rencana",
        {path: staged(text, 2)},
        "Rencana kerja disetujui Kepala Dinas",
        "rina",
        "2024-01-30 10:20",
    )
    repo.merge("rina/persetujuan-rencana", "fauzi", "2024-01-30 10:30", 2)
    repo.propose("rina/konsep-surat", {path: staged(text, 4)}, "Instruksi dan konsep surat", "rina", "2024-01-31 11:10")
    repo.merge("rina/konsep-surat", "yusuf", "2024-01-31 13:00", 3)
    repo.propose(
        "dedi/penomoran", {path: staged(text, 5)}, "Paraf, tanda tangan dan nomor surat", "dedi", "2024-02-01 10:15"
    )
    repo.merge("dedi/penomoran", "yusuf", "2024-02-01 10:40", 4)
    repo.write(path, staged(text, 6))
    repo.commit("Surat undangan sudah dikirim", "dedi", "2024-02-02 15:10")  # straight to main: no review
    repo.propose(
        "rina/jawaban", {path: staged(text, 7)}, "Jawaban kabupaten/kota dan peserta", "rina", "2024-02-12 15:20"
    )
    repo.squash("rina/jawaban", "yusuf", "2024-02-13 08:00", "Jawaban kabupaten/kota dan peserta (#6)", "rina")
    repo.propose(
        "rina/pelaksanaan", {path: staged(text, 10)}, "Rapat, pelaksanaan dan laporan", "rina", "2024-03-07 15:10"
    )
    repo.merge("rina/pelaksanaan", "sri", "2024-03-07 15:30", 7)  # a staff member is not an approver
    repo.propose("rina/laporan-diterima", {path: text}, "Laporan diterima Kepala Dinas", "rina", "2024-03-08 09:10")
    # Step 11 is the Kepala Dinas's: evidenced in the record, accepted through the Kepala Bidang's merge.
    repo.merge("rina/laporan-diterima", "yusuf", "2024-03-08 09:20", 8)


def _las_listrik(repo: GitWriter, text: str) -> None:
    """Approval steps merged by the acting (Plt.) Kepala Dinas of the time."""
    repo.propose(
        "sri/las-listrik", {LAS: staged(text, 2)}, "Rencana kerja Pelatihan Las Listrik", "sri", "2025-09-02 09:40"
    )
    repo.merge("sri/las-listrik", "nurhayati", "2025-09-02 10:00", 9)
    repo.propose(
        "sri/las-listrik-surat", {LAS: staged(text, 5)}, "Konsep surat, paraf dan nomor", "sri", "2025-09-04 10:20"
    )
    repo.merge("sri/las-listrik-surat", "yusuf", "2025-09-04 11:00", 10)
    repo.propose(
        "sri/las-listrik-selesai", {LAS: text}, "Pelaksanaan dan laporan Las Listrik", "sri", "2025-10-10 09:30"
    )
    repo.merge("sri/las-listrik-selesai", "nurhayati", "2025-10-10 10:00", 11)


def _barista(repo: GitWriter, text: str) -> None:
    repo.propose(
        "dedi/barista", {BARISTA: staged(text, 2)}, "Rencana kerja Pelatihan Barista", "dedi", "2026-10-27 09:30"
    )
    repo.merge("dedi/barista", "bambang", "2026-10-27 10:00", 12)
    repo.propose(
        "rina/barista-surat",
        {BARISTA: staged(text, 7)},
        "Surat barista dikirim, menunggu jawaban",
        "rina",
        "2026-11-03 14:45",
    )
    repo.merge("rina/barista-surat", "yusuf", "2026-11-03 15:30", 13)
    repo.propose(
        "rina/barista-catatan",
        {BARISTA: staged(text, 7).replace("kuota: ", "kuota:  ", 1)},
        "Rapikan catatan barista",
        "rina",
        "2026-11-05 09:00",
    )
    # Written in the Kepala Bidang's name, committed by a staff member: an e-mail alone proves nothing.
    repo.merge("rina/barista-catatan", "yusuf", "2026-11-05 09:10", 16, committer="rina")


def _tata_rias(repo: GitWriter, text: str) -> None:
    """Added under a wrong name, then renamed: the history follows the rename."""
    wrong = "records/2027/tata-rias.yaml"
    repo.propose(
        "sri/tata-rias",
        {wrong: text.replace("status: berjalan", "status: belum", 1)},
        "Rencanakan Pelatihan Tata Rias 2027",
        "sri",
        "2026-11-20 10:00",
    )
    repo.merge("sri/tata-rias", "yusuf", "2026-11-20 11:00", 14)
    repo.git("checkout", "-q", "-b", "sri/nama-berkas", "main")
    repo.rename(wrong, TATA_RIAS)
    repo.write(TATA_RIAS, text)
    repo.commit("Nama berkas mengikuti kode kegiatan; rencana kerja mulai disusun", "sri", "2026-11-27 08:30")
    repo.git("checkout", "-q", "main")
    repo.merge("sri/nama-berkas", "yusuf", "2026-11-27 09:00", 15)
