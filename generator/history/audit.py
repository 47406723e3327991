"""Who approved each landing on main: pure classification of the history's real effects.

Every first-parent commit of main is one *landing*, judged by its own diff against its
first parent (merges included) and against the rules of the office record and SOPs as they
stood in that parent. A merge is an approval only when its author held an approving role on
that date, its committer is the same person or a host identity the office names, and, where
the office lists trusted keys, a trusted key signed it. Anything else is a finding, said once
per landing; a landing with a finding is never also "disetujui".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from generator.dates import long_date
from generator.history.log import OFFICE, Commit, FileChange, History, Identity, is_data_text
from generator.history.rules import RuleBook, Rules
from generator.history.semantic_diff import Meaning, describe
from generator.history.signatures import Signature
from generator.records.model import Office, Person

APPROVED, UNPROVEN, OTHER = "disetujui", "tidak-terbukti", "bukan-penyetuju"
DIRECT, SQUASH, INITIAL, BEFORE = "langsung", "squash-rebase", "awal", "sebelum-audit"
KIND_LABELS = {
    APPROVED: "disetujui",
    UNPROVEN: "persetujuan tidak terbukti",
    OTHER: "digabung oleh bukan penyetuju",
    DIRECT: "dikomit langsung tanpa tinjauan",
    SQUASH: "squash/rebase (persetujuan tidak dapat dibuktikan)",
    INITIAL: "commit awal repositori",
    BEFORE: "sebelum titik mulai audit",
}
UNAPPROVED = (UNPROVEN, OTHER, DIRECT, SQUASH)
SIGNED, EMAIL, NO_PROOF = "bertanda tangan", "surel saja", "tidak ada"
GROUP_LABELS = {"data": "data", "tampilan": "tampilan", "kode": "kode"}
# Messages the Git hosts write when they squash or rebase a pull request.
_HOSTED = re.compile(r"\(#\d+\)\s*$|^Squashed commit of the following|See merge request |\(!\d+\)\s*$")


@dataclass(frozen=True)
class Change:
    file: FileChange
    meaning: Meaning


@dataclass(frozen=True)
class Landing:
    """One commit of main's first-parent history, with everything it changed."""

    commit: Commit
    kind: str
    merger: Identity  # who merged (a merge's author: Git hosts record the person who clicked merge there)
    person: Person | None  # the merger in the office record of the time, when the e-mail is known
    reason: str  # Indonesian, for people
    changes: tuple[Change, ...]
    proof: str = NO_PROOF  # bertanda tangan | surel saja | tidak ada
    notices: tuple[str, ...] = ()  # flagged, not findings: a change to who may approve

    @property
    def approved(self) -> bool:
        return self.kind == APPROVED

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(g for g in GROUP_LABELS if any(c.file.group == g for c in self.changes))

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(sorted({c.file.path for c in self.changes}))


@dataclass(frozen=True)
class Finding:
    path: str
    landing: Landing
    message: str


@dataclass(frozen=True)
class Audit:
    landings: tuple[Landing, ...]  # oldest first
    findings: tuple[Finding, ...]
    problems: tuple[str, ...] = ()  # about the audit as a whole (an unknown start commit)
    start: Commit | None = None

    @property
    def unapproved(self) -> tuple[Landing, ...]:
        return tuple(x for x in self.landings if x.kind in UNAPPROVED)

    @cached_property
    def _by_file(self) -> dict[FileChange, tuple[Change, Landing]]:
        return {c.file: (c, x) for x in self.landings for c in x.changes}

    @cached_property
    def _findings_at(self) -> dict[str, list[Finding]]:
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            index.setdefault(finding.landing.commit.sha, []).append(finding)
        return index

    def changes_of(self, files: tuple[FileChange, ...]) -> list[tuple[Change, Landing]]:
        return [self._by_file[f] for f in files if f in self._by_file]

    def findings_of(self, landing: Landing) -> list[Finding]:
        return self._findings_at.get(landing.commit.sha, [])


def audit(
    history: History, current: Rules, signatures: Mapping[str, Signature] | None = None, *, book: RuleBook | None = None
) -> Audit:
    """Classify every landing; a pure function of the history, the rules and the checked signatures."""
    book = book or RuleBook(history, current)
    grouped: dict[str, list[FileChange]] = {}
    for file in history.changes:
        grouped.setdefault(file.landing.sha, []).append(file)
    # File by file, so each version's parse is reused at once as the next change's "before".
    meanings = {
        f: _meaning(history, f, book.before(f.landing.sha)) for f in sorted(history.changes, key=lambda f: f.path)
    }
    start_at, problems = _start(history, current)
    landings, findings = [], []
    previous: Commit | None = None
    for index, commit in enumerate(history.mainline):
        files = grouped.get(commit.sha, [])
        if files:
            rules = book.before(commit.sha)
            changes = tuple(Change(f, meanings[f]) for f in files)
            notices = _governance(history, book, files, rules) if commit.parents else []
            if index <= start_at and not notices:
                landings.append(Landing(commit, BEFORE, commit.author, None, "sebelum titik mulai audit", changes))
            else:
                sig = (signatures or {}).get(commit.sha)
                landing = _judge(history, commit, previous, rules, sig, changes, notices)
                landings.append(landing[0])
                findings += landing[1]
        previous = commit
    start = history.mainline[start_at] if start_at >= 0 else None
    return Audit(tuple(landings), tuple(findings), tuple(problems), start)


def _start(history: History, current: Rules) -> tuple[int, list[str]]:
    """Index of the office's audit start on the mainline (-1: from the beginning)."""
    if not current.start:
        return -1, []
    for i, commit in enumerate(history.mainline):
        if commit.sha.startswith(current.start):
            return i, []
    return -1, [
        f"titik mulai audit {current.start} (jejak_audit.mulai di {OFFICE}) tidak ada di cabang utama; "
        "seluruh riwayat diperiksa"
    ]


def _meaning(history: History, file: FileChange, rules: Rules) -> Meaning:
    if file.new_blob in history.oversized or file.old_blob in history.oversized:
        return Meaning(("berkas terlalu besar untuk dibaca; isinya tidak diuraikan",), (), False)
    if not is_data_text(file.path) or file.new_mode != "100644" and file.new_blob:
        word = {"A": "ditambahkan", "D": "dihapus", "R": f"dipindah dari {file.old_path}"}.get(file.status, "diubah")
        return Meaning((f"berkas {GROUP_LABELS[file.group]} {word}",), (), True)
    return describe(
        history.text(file.old_blob),
        history.text(file.new_blob),
        file.path,
        sops=rules.sops,
        office=rules.office,
        renamed_from=file.old_path if file.status == "R" else None,
    )


def _judge(history, commit, previous, rules, signature, changes, notices) -> tuple[Landing, list[Finding]]:
    kind, person, reason, proof = classify(commit, rules, signature)
    messages = [reason] if kind in UNAPPROVED else []
    messages += _extra(history, commit, previous, changes)
    messages += _steps(commit, person, kind, rules, changes)
    if kind == APPROVED and messages:
        kind, reason = UNPROVEN, f"{reason}, tetapi ada temuan"
    paths = ", ".join(sorted({c.file.path for c in changes})[:3])
    more = len({c.file.path for c in changes}) - 3
    where = paths + (f" dan {more} berkas lain" if more > 0 else "")
    landing = Landing(commit, kind, commit.author, person, reason, changes, proof, tuple(notices))
    return landing, [Finding(where, landing, m) for m in dict.fromkeys(messages)]


def classify(commit: Commit, rules: Rules, signature: Signature | None = None) -> tuple[str, Person | None, str, str]:
    """(kind, the merger as a person of the office, the reason in words, the level of proof)."""
    office = rules.office
    person = office.person_by_email(commit.author.email) if office else None
    if not commit.parents:
        return INITIAL, person, "commit pertama repositori; belum ada tinjauan", NO_PROOF
    if not commit.is_merge:
        return (*_single(commit, person), NO_PROOF)
    who = _who(commit.author, person)
    if office is None:
        return OTHER, None, f"digabung oleh {who}; {rules.broken or 'data kantor tidak ada'}", NO_PROOF
    if person is None:
        return OTHER, None, f"digabung oleh {who}, surel yang tidak terdaftar di {OFFICE} saat itu", NO_PROOF
    day = commit.committed.date()
    role = approving_role(person, office, day)
    if role is None:
        return OTHER, person, _not_approver(who, day), NO_PROOF
    if commit.authored.date() != day and approving_role(person, office, commit.authored.date()) is None:
        return UNPROVEN, person, _not_approver(who, commit.authored.date()) + " (tanggal penulis)", NO_PROOF
    wrong = _committer(commit, person, rules)
    if wrong:
        return UNPROVEN, person, wrong, NO_PROOF
    if rules.keys:
        unsigned = _unsigned(commit, person, rules, signature)
        if unsigned:
            return UNPROVEN, person, unsigned, NO_PROOF
    proof = SIGNED if rules.keys else EMAIL
    return APPROVED, person, f"disetujui oleh {who} ({role}) pada {long_date(day)}", proof


def _not_approver(who: str, day: date) -> str:
    return (
        f"digabung oleh {who}, yang pada {long_date(day)} tidak memegang jabatan penyetuju "
        f"(jabatan dengan menyetujui_perubahan: true di {OFFICE})"
    )


def _committer(commit: Commit, person: Person, rules: Rules) -> str | None:
    """Why the committer does not vouch for the author, or None."""
    assert rules.office is not None
    email = commit.committer.email
    if rules.office.person_by_email(email) is person or rules.host(email):
        return None
    return (
        f"penggabungan atas nama {person.name} <{commit.author.email}> tetapi dikomit oleh "
        f"{commit.committer.name} <{email}>, yang bukan orang itu dan bukan identitas Git host "
        f"(jejak_audit.penggabung_host di {OFFICE})"
    )


def _unsigned(commit: Commit, person: Person, rules: Rules, signature: Signature | None) -> str | None:
    host = rules.host(commit.committer.email)
    allowed = {person.id, *([host.name] if host else [])}
    if signature is None or not signature.good:
        status = signature.status if signature else "tidak diperiksa"
        return f"penggabungan tidak ditandatangani kunci tepercaya (jejak_audit.kunci_tepercaya; status git: {status})"
    if signature.signer not in allowed:
        return f"penggabungan ditandatangani kunci milik {signature.signer}, bukan {person.name} atau Git host-nya"
    return None


def _single(commit: Commit, person: Person | None) -> tuple[str, Person | None, str]:
    applied_by_other = commit.committer.email.lower() != commit.author.email.lower()
    if applied_by_other or _HOSTED.search(commit.subject):
        return (
            SQUASH,
            person,
            "masuk ke main lewat squash atau rebase; siapa yang menyetujui tidak tercatat "
            "(gabungkan dengan merge commit)",
        )
    return (
        DIRECT,
        person,
        f"dikomit langsung ke main oleh {_who(commit.author, person)} tanpa permintaan tarik "
        "(atau digabung fast-forward)",
    )


def _extra(history: History, commit: Commit, previous: Commit | None, changes: tuple[Change, ...]) -> list[str]:
    """What is wrong whoever merged: changes made inside the merge, links, huge files, dates, foxtrots."""
    found = []
    made_here = sorted(c.file.path for c in changes if c.file.in_merge)
    if made_here:
        found.append(
            "perubahan dibuat di dalam penggabungan itu sendiri, bukan di cabang yang diusulkan: "
            + ", ".join(made_here)
        )
    for change in changes:
        if change.file.forbidden_link:
            found.append(f"{change.file.path} adalah tautan simbolik atau submodul; isi di baliknya tidak diaudit")
        big = history.oversized.get(change.file.new_blob or "")
        if big:
            found.append(f"{change.file.path} terlalu besar ({big // 1024} KiB) untuk sebuah catatan; tidak dibaca")
    if commit.sha in history.foxtrots:
        found.append(
            f"penggabungan foxtrot: ujung cabang utama sebelumnya ({history.foxtrots[commit.sha][:7]}) menjadi induk "
            "kedua, sehingga persetujuan di riwayat itu hilang dari jalur utama"
        )
    if previous is not None and commit.committed < previous.committed:
        found.append(
            f"bertanggal {long_date(commit.committed.date())} {commit.committed:%H.%M} WIB, sebelum commit induknya "
            f"({previous.short}, {long_date(previous.committed.date())} {previous.committed:%H.%M} WIB)"
        )
    return found


def _steps(commit: Commit, person: Person | None, kind: str, rules: Rules, changes) -> list[str]:
    """Approval steps marked `selesai`: without a proven approval, or (when the office demands it)
    merged by someone not holding the step's role."""
    found = []
    for change in changes:
        sop = rules.sops.get(change.meaning.sop or "")
        for no in change.meaning.completed:
            if not sop or not 1 <= no <= len(sop.steps) or not sop.step(no).approval:
                continue
            step = sop.step(no)
            roles = " atau ".join(sop.actors.get(r, r) for r in step.actors)
            title = f"{change.file.path}: langkah {no} '{step.activity}' ditandai selesai"
            day = commit.committed.date()
            if kind in UNAPPROVED:
                found.append(f"{title} tanpa penggabungan yang membuktikan persetujuan")
            elif kind == APPROVED and rules.in_person and not holds(person, step.actors, day):
                found.append(f"{title} dalam penggabungan oleh {_who(commit.author, person)}, bukan {roles}")
    return found


def _governance(history: History, book: RuleBook, files: list[FileChange], rules: Rules) -> list[str]:
    """A change to who may approve: e-mails, terms, approving roles, hosts, keys, the audit start."""
    for file in files:
        if OFFICE not in (file.path, file.old_path):
            continue
        after = book.office_rules(file.new_blob)
        if _approvers(rules) != _approvers(after):
            return [
                f"mengubah siapa yang boleh menyetujui (surel, masa jabatan, menyetujui_perubahan, "
                f"penggabung_host, kunci_tepercaya atau mulai) di {OFFICE}"
            ]
    return []


def _approvers(rules: Rules) -> tuple[object, ...]:
    office = rules.office
    people: tuple[object, ...] = ()
    if office is not None:
        approving = {r.id for r in office.roles.values() if r.approves_changes}
        people = tuple(
            (p.id, tuple(sorted(e.lower() for e in p.emails)), tuple(t for t in p.terms if t.role in approving))
            for p in office.people.values()
        )
    return (people, rules.start, rules.hosts, rules.keys, rules.in_person, rules.broken is None)


def approving_role(person: Person, office: Office, day: date) -> str | None:
    """Name of a role the person held on `day` that may approve changes, or None."""
    for role in office.roles.values():
        term = person.term(role.id, day) if role.approves_changes else None
        if term:
            return f"{term.acting} {role.name}" if term.acting else role.name
    return None


def holds(person: Person | None, roles: tuple[str, ...], day: date) -> bool:
    return person is not None and any(person.term(role, day) for role in roles)


def _who(identity: Identity, person: Person | None) -> str:
    return person.name if person else f"{identity.name} <{identity.email}>"
