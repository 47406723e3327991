"""Markdown for the portal: each event's "Riwayat perubahan" and the site-wide "Jejak Audit".

Git is read once per build (history/); audit.py decides, this module only words and
escapes. Every text that comes from a record or a commit is escaped for Markdown here (control
characters made visible) and for HTML by the templates, so neither can inject markup.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.clock import zone
from generator.history.audit import APPROVED, KIND_LABELS, Audit, Finding, Landing, approving_role
from generator.history.log import EMPTY, NOT_GIT, PARTIAL, SHALLOW, GitError, History, unavailable
from generator.history.timeline import when
from generator.history.trail import audit_repository
from generator.portal.merge_subject import readable_subject
from generator.records.privacy import Own, mask_personal
from generator.records.workspace import Workspace, printable, relative
from generator.templates import environment

REFUSE_SHALLOW = (
    "riwayat Git di salinan ini tidak lengkap (shallow clone), sehingga jejak audit yang diterbitkan akan salah; "
    "ambil riwayat lengkap dengan `git fetch --unshallow`, atau di CI atur `fetch-depth: 0` pada actions/checkout "
    "(GitHub, Gitea, Forgejo) atau `GIT_DEPTH: 0` (GitLab CI), lalu bangun ulang"
)
REFUSE_PARTIAL = (
    "salinan Git ini adalah partial clone (misalnya `--filter=blob:none`): isi berkas lama tidak ada di sini, "
    "sehingga jejak audit tidak dapat diperiksa tanpa mengunduhnya dari server; buat salinan penuh dengan "
    "`git clone` tanpa `--filter`, lalu ulangi"
)
REFUSE = {SHALLOW: REFUSE_SHALLOW, PARTIAL: REFUSE_PARTIAL}
NOTES = {
    NOT_GIT: "Riwayat perubahan tidak tersedia: portal ini dibangun dari folder yang bukan repositori Git, sehingga "
    "siapa yang mengusulkan dan menyetujui setiap perubahan tidak dapat ditunjukkan.",
    SHALLOW: "Riwayat perubahan tidak ditampilkan: portal ini dibangun dari salinan Git dangkal (shallow clone) "
    "yang riwayatnya tidak lengkap.",
    PARTIAL: "Riwayat perubahan tidak ditampilkan: portal ini dibangun dari partial clone yang isinya tidak lengkap.",
    EMPTY: "Riwayat perubahan belum ada: repositori Git ini belum memiliki commit.",
}


def terminal(text: str) -> str:
    """Text from a commit or a record as it may be printed: control characters made visible."""
    return printable(str(text))


# pages.markdown_text's escapable characters, the backslash first (so that no inserted one is
# escaped again). The riwayat of every event escapes tens of thousands of lines: one str.replace
# per character present is ~6x faster than a regular expression per line.
_MARKDOWN = "\\`*_{}[]()#+-.!|"


def escape(text: str) -> str:
    """Markdown-inert text with control characters made visible; HTML is escaped by the templates.
    The same as `markdown_text(printable(text))` (tests/test_audit_pages.py holds them equal)."""
    text = " ".join(printable(str(text)).split())
    for char in _MARKDOWN:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


@dataclass
class AuditPages:
    history: History
    result: Audit
    workspace: Workspace
    commit_url: str | None
    env: Environment
    refuse_reason: str | None = None
    published: Any = None  # what the published portal said about earlier history (generator/portal/published.py)

    @classmethod
    def build(cls, root: Path, workspace: Workspace, commit_url: str | None, published: Any = None) -> AuditPages:
        """Read the history of the checked-out branch once and classify it."""
        refuse = None
        try:
            history, result = audit_repository(root, workspace.office, workspace.sops, now=workspace.now)
        except GitError as exc:
            history, refuse = unavailable(SHALLOW), f"riwayat Git tidak dapat dibaca: {exc}"
            result = Audit((), ())
        env = environment(root)
        if history.state in REFUSE and refuse is None:
            refuse = REFUSE[history.state]
        if published is not None and history.available:
            published.summary = {
                "perubahan": len(result.landings),
                "disetujui": sum(x.approved for x in result.landings),
                "tanpa_persetujuan": len(result.unapproved),
                "temuan": len(result.findings),
            }
        return cls(history, result, workspace, commit_url, env, refuse, published)

    @cached_property
    def _record_names(self) -> dict[str, str]:
        paths, root = self._record_paths, self.workspace.root
        names = {}
        for event in self.workspace.events:
            path = paths.get(event.source.path)
            if path is None:
                path = paths[event.source.path] = relative(root, event.source.path)
            names[path] = event.name
        return names

    @cached_property
    def _record_paths(self) -> dict[Path, str]:
        return {}  # a record's path in the repository, kept while the preview reads records again

    def _names(self, paths: list[str]) -> list[str]:
        """The names of the events whose records these are (a merge is shown by what it approved)."""
        return [self._record_names[p] for p in paths if p in self._record_names]

    @cached_property
    def zone_name(self) -> str:
        """WIB, WITA or WIT: the office's zone, in which every time of the history is shown."""
        office = self.workspace.office
        return zone(office.zone if office else None).tzname(None) or "WIB"

    @cached_property
    def own(self) -> Own:
        return Own.of(self.workspace.office)

    def shown(self, text: str) -> str:
        """Text from Git (subjects, names, addresses): personal data masked, then Markdown-escaped."""
        found = self._shown.get(text)
        if found is None:
            found = self._shown[text] = escape(mask_personal(text, self.own))
        return found

    @cached_property
    def _shown(self) -> dict[str, str]:
        return {}  # names and subjects repeat across thousands of rows

    def link(self, sha: str) -> str | None:
        return self.commit_url.replace("{sha}", sha) if self.commit_url else None

    def riwayat(self, record_rel_path: str) -> str:
        """Markdown body of an event page's "Riwayat perubahan" section (no heading)."""
        if not self.history.available:
            return escape(NOTES[self.history.state]) + "\n"
        pairs = self.result.changes_of(self.history.of_record(record_rel_path))
        if not pairs:
            return (
                escape(
                    "Belum ada perubahan berkas ini yang tercatat di cabang utama Git "
                    "(berkas belum di-commit atau belum digabungkan)."
                )
                + "\n"
            )
        rows = [self._row(i + 1, change, landing) for i, (change, landing) in enumerate(pairs)]
        note = escape(f"{len(rows)} perubahan, yang terbaru di atas. Waktu dalam {self.zone_name}.")
        return self.env.get_template("audit/riwayat.md.j2").render(note=note, rows=rows[::-1])

    def _row(self, number: int, change: Any, landing: Landing) -> dict[str, Any]:
        commit = change.file.commit
        findings = [self.shown(f.message) for f in self.result.findings_of(landing) if f.message != landing.reason]
        return {
            "number": number,
            "subject": self.shown(readable_subject(commit.subject, self._names([change.file.path])) or "(tanpa judul)"),
            "short": commit.short,
            "link": self.link(commit.sha),
            "author": self.shown(self._name(commit.author.email, commit.author.name)),
            "authored": when(commit.authored),
            "approved": landing.kind == APPROVED,
            "merger": self.shown(self._approver(landing)),
            "landed": when(landing.commit.committed),
            "landing_short": landing.commit.short,
            "landing_link": self.link(landing.commit.sha) if landing.commit.sha != commit.sha else None,
            "reason": self.shown(landing.reason),
            "findings": findings,
            "lines": [escape(line) for line in change.meaning.lines],
        }

    def _name(self, email: str, fallback: str) -> str:
        office = self.workspace.office
        person = office.person_by_email(email) if office else None
        return person.name if person else fallback

    def _approver(self, landing: Landing) -> str:
        """The merger; with the approving role only when the approval is proven (a role read from a
        date that cannot be believed, e.g. a forward-dated acting term, is not shown)."""
        office = self.workspace.office
        if landing.person is None or office is None:
            return landing.merger.name
        if landing.kind != APPROVED:
            return landing.person.name
        role = approving_role(landing.person, office, landing.commit.committed.date())
        return f"{landing.person.name} ({role})" if role else landing.person.name

    def audit(self) -> str:
        """Full Markdown of the "Jejak Audit" page, with its own H1."""
        template = self.env.get_template("audit/audit.md.j2")
        if not self.history.available:
            return template.render(
                intro=escape(NOTES[self.history.state]),
                note=None,
                note_title="",
                warnings=[],
                counts=[],
                findings=[],
                landings=[],
                notices=[],
                rewrites=[],
            )
        landings = self.result.landings
        counts = Counter(x.kind for x in landings)
        tip = self.history.mainline[-1]
        intro = escape(
            f"Disusun dari riwayat Git cabang utama sampai commit {tip.short} ({when(tip.committed)}): "
            f"{len(landings)} commit mengubah isi repositori, {len(self.result.findings)} temuan. "
            "Persetujuan adalah penggabungan (merge commit) oleh pejabat yang berwenang menurut data kantor "
            f"pada saat itu; waktu dalam {self.zone_name}." + self._start_note()
        )
        unapproved = len(self.result.unapproved)
        note = (
            escape(f"{unapproved} perubahan masuk ke cabang utama tanpa persetujuan yang dapat dibuktikan.")
            if unapproved
            else None
        )
        return template.render(
            intro=intro,
            note=note,
            note_title="Perubahan tanpa persetujuan",
            counts=[(escape(KIND_LABELS[k]), counts[k]) for k in KIND_LABELS if counts[k]],
            warnings=[escape(p) for p in self.result.problems] + [escape(n) for n in self._published_notes()],
            findings=[self._finding(f) for f in self.result.findings][::-1],
            landings=[self._landing(x) for x in landings][::-1],
            notices=[{**self._landing(x), "notice": escape(n)} for x in landings[::-1] for n in x.notices],
            rewrites=[
                {key: self.shown(value) for key, value in item.items()}
                for item in (self.published.acknowledged if self.published else ())
            ],
        )

    def _start_note(self) -> str:
        start = self.result.start
        if start is None:
            return ""
        kept = self.result.kept_before_start
        return f" Audit dimulai dari commit {start.short}" + (
            f"; {kept} perubahan sebelum titik itu tetap dinilai karena temuannya sudah dibuat." if kept else "."
        )

    def _published_notes(self) -> list[str]:
        return list(self.published.notes) if self.published else []

    def _finding(self, finding: Finding) -> dict[str, Any]:
        commit = finding.landing.commit
        return {
            "landed": when(commit.committed),
            "path": self.shown(finding.path),
            "message": self.shown(finding.message),
            "short": commit.short,
            "link": self.link(commit.sha),
        }

    def _landing(self, landing: Landing) -> dict[str, Any]:
        commit = landing.commit
        paths = sorted({c.file.path for c in landing.changes})
        subjects = {p.subject for c in landing.changes for p in c.file.proposers}
        subject = commit.subject if not subjects or len(subjects) > 1 else next(iter(subjects))
        return {
            "landed": when(commit.committed),
            "kind": escape(KIND_LABELS[landing.kind]),
            "proof": escape(landing.proof),
            "groups": escape(", ".join(landing.groups)),
            "merger": self.shown(self._approver(landing)),
            "subject": self.shown(readable_subject(subject, self._names(paths))),
            "paths": self.shown(", ".join(paths)),
            "short": commit.short,
            "link": self.link(commit.sha),
        }
