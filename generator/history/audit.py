"""Who approved each change to the records: pure classification of main's history.

Every first-parent commit of main that changed an audited file is one *landing*:
- merged by an approver (a person of the office record whose role may approve changes,
  identified by the merge's author e-mail, in office on the merge date);
- merged by someone else;
- committed directly, without review;
- arrived by a squash or rebase merge (the approval cannot be proven);
- the repository's first commit.
For approval steps of the SOP (`persetujuan: true`), the merge that marked the step
`selesai` must also come from someone holding that step's role on that date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from generator.dates import long_date
from generator.history.log import Commit, FileChange, History, Identity
from generator.history.semantic_diff import Meaning, describe
from generator.records.model import Office, Person, Sop

APPROVED, OTHER, DIRECT, SQUASH, INITIAL = "disetujui", "bukan-penyetuju", "langsung", "squash-rebase", "awal"
KIND_LABELS = {
    APPROVED: "disetujui",
    OTHER: "digabung oleh bukan penyetuju",
    DIRECT: "dikomit langsung tanpa tinjauan",
    SQUASH: "squash/rebase (persetujuan tidak dapat dibuktikan)",
    INITIAL: "commit awal repositori",
}
UNAPPROVED = (OTHER, DIRECT, SQUASH)
# Messages the Git hosts write when they squash or rebase a pull request.
_HOSTED = re.compile(r"\(#\d+\)\s*$|^Squashed commit of the following|See merge request |\(!\d+\)\s*$")


@dataclass(frozen=True)
class Change:
    file: FileChange
    meaning: Meaning


@dataclass(frozen=True)
class Landing:
    """One commit of main's first-parent history that changed audited files."""

    commit: Commit
    kind: str
    merger: Identity  # who merged (a merge's author: Git hosts record the person who clicked merge there)
    person: Person | None  # the merger in the office record, when the e-mail is known
    reason: str  # Indonesian, for people
    changes: tuple[Change, ...]

    @property
    def approved(self) -> bool:
        return self.kind == APPROVED


@dataclass(frozen=True)
class Finding:
    path: str
    landing: Landing
    message: str


@dataclass(frozen=True)
class Audit:
    landings: tuple[Landing, ...]  # oldest first
    findings: tuple[Finding, ...]

    @property
    def unapproved(self) -> tuple[Landing, ...]:
        return tuple(x for x in self.landings if x.kind in UNAPPROVED)

    @cached_property
    def _by_file(self) -> dict[FileChange, tuple[Change, Landing]]:
        return {c.file: (c, x) for x in self.landings for c in x.changes}

    @cached_property
    def _findings_at(self) -> dict[tuple[str, str], list[Finding]]:
        index: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            index.setdefault((finding.landing.commit.sha, finding.path), []).append(finding)
        return index

    def changes_of(self, files: tuple[FileChange, ...]) -> list[tuple[Change, Landing]]:
        return [self._by_file[f] for f in files if f in self._by_file]

    def findings_at(self, landing: Landing, path: str) -> list[Finding]:
        return self._findings_at.get((landing.commit.sha, path), [])


def audit(history: History, office: Office | None, sops: Mapping[str, Sop]) -> Audit:
    """Classify every landing and check the approval steps; a pure function of its inputs."""
    meanings = {}
    # File by file, so each version's parse is reused at once as the next change's "before".
    for file in sorted(history.changes, key=lambda f: f.path):
        meanings[file] = describe(
            history.text(file.old_blob),
            history.text(file.new_blob),
            file.path,
            sops=sops,
            office=office,
            renamed_from=file.old_path if file.status == "R" else None,
        )
    grouped: dict[str, list[Change]] = {}
    for file in history.changes:
        grouped.setdefault(file.landing.sha, []).append(Change(file, meanings[file]))
    landings = []
    for commit in history.mainline:
        if commit.sha in grouped:
            kind, person, reason = classify(commit, office)
            landings.append(Landing(commit, kind, commit.author, person, reason, tuple(grouped[commit.sha])))
    findings = [f for x in landings for f in _findings(x, office, sops)]
    return Audit(tuple(landings), tuple(findings))


def classify(commit: Commit, office: Office | None) -> tuple[str, Person | None, str]:
    """(kind, the merger as a person of the office, the reason in words) for one commit of main."""
    person = office.person_by_email(commit.author.email) if office else None
    if not commit.parents:
        return INITIAL, person, "commit pertama repositori; belum ada tinjauan"
    if not commit.is_merge:
        return _single(commit, person)
    day = commit.committed.date()
    who = _who(commit.author, person)
    if person is None:
        return OTHER, None, f"digabung oleh {who}, surel yang tidak terdaftar di records/kantor.yaml"
    role = approving_role(person, office, day) if office else None
    if role is None:
        return (
            OTHER,
            person,
            (
                f"digabung oleh {who}, yang pada {long_date(day)} tidak memegang jabatan penyetuju "
                "(jabatan dengan menyetujui_perubahan: true di records/kantor.yaml)"
            ),
        )
    return APPROVED, person, f"disetujui oleh {who} ({role}) pada {long_date(day)}"


def _single(commit: Commit, person: Person | None) -> tuple[str, Person | None, str]:
    applied_by_other = commit.committer.email.lower() != commit.author.email.lower()
    if applied_by_other or _HOSTED.search(commit.subject):
        return (
            SQUASH,
            person,
            (
                "masuk ke main lewat squash atau rebase; siapa yang menyetujui tidak tercatat "
                "(gabungkan dengan merge commit)"
            ),
        )
    return (
        DIRECT,
        person,
        (
            f"dikomit langsung ke main oleh {_who(commit.author, person)} tanpa permintaan tarik "
            "(atau digabung fast-forward)"
        ),
    )


def approving_role(person: Person, office: Office, day: date) -> str | None:
    """Name of a role the person held on `day` that may approve changes, or None."""
    for role in office.roles.values():
        term = person.term(role.id, day) if role.approves_changes else None
        if term:
            return f"{term.acting} {role.name}" if term.acting else role.name
    return None


def holds(person: Person | None, roles: tuple[str, ...], day: date) -> bool:
    return person is not None and any(person.term(role, day) for role in roles)


def _findings(landing: Landing, office: Office | None, sops: Mapping[str, Sop]) -> list[Finding]:
    found = []
    if landing.kind in UNAPPROVED:
        for change in landing.changes:
            found.append(Finding(change.file.path, landing, landing.reason))
    for change in landing.changes:
        sop = sops.get(change.meaning.sop or "")
        for no in change.meaning.completed:
            if sop and 1 <= no <= len(sop.steps) and sop.step(no).approval:
                message = _step_finding(landing, sop, no, office)
                if message:
                    found.append(Finding(change.file.path, landing, message))
    return found


def _step_finding(landing: Landing, sop: Sop, no: int, office: Office | None) -> str | None:
    """None when the merge that marked an approval step `selesai` came from that step's role."""
    step = sop.step(no)
    day = landing.commit.committed.date()
    roles = " atau ".join(sop.actors.get(r, r) for r in step.actors)
    title = f"langkah {no} '{step.activity}' ditandai selesai"
    if not landing.commit.is_merge:
        return f"{title} tanpa penggabungan yang membuktikan persetujuan {roles}"
    if holds(landing.person, step.actors, day):
        return None
    who = _who(landing.merger, landing.person)
    return f"{title} dalam penggabungan oleh {who}, yang pada {long_date(day)} bukan {roles}"


def _who(identity: Identity, person: Person | None) -> str:
    return person.name if person else f"{identity.name} <{identity.email}>"
