"""The verdict of one landing on its own: what its commit, its changes and the rules in force
in its first parent say. Nothing here depends on other landings or on the clock, so a verdict
is true forever for the same commit, rules and code: the audit cache keeps it (cache.py).

A merge is an approval only when its author held an approving role on that date, its
committer is the same person or a host identity the office names, and, where the office lists
trusted keys, a trusted key signed it. Anything else is a finding, said once per landing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.dates import long_date
from generator.history.log import OFFICE, Commit, FileChange, History, Identity, is_attributes, is_data_text, why_code
from generator.history.rules import RuleBook, Rules
from generator.history.semantic_diff import Meaning, describe
from generator.history.signatures import Signature
from generator.records.gitattributes import rewriting_lines
from generator.records.model import Office, Person

APPROVED, UNPROVEN, OTHER = "disetujui", "tidak-terbukti", "bukan-penyetuju"
DIRECT, SQUASH, INITIAL, BEFORE = "langsung", "squash-rebase", "awal", "sebelum-audit"
UNAPPROVED = (UNPROVEN, OTHER, DIRECT, SQUASH)
SIGNED, EMAIL, NO_PROOF = "bertanda tangan", "surel saja", "tidak ada"
GROUP_LABELS = {"data": "data", "tampilan": "tampilan", "kode": "kode"}
# Messages the Git hosts write when they squash or rebase a pull request.
_HOSTED = re.compile(r"\(#\d+\)\s*$|^Squashed commit of the following|See merge request |\(!\d+\)\s*$")
APPROVERS_CHANGED = (
    "mengubah siapa yang boleh menyetujui (surel, masa jabatan, menyetujui_perubahan, "
    f"penggabung_host, kunci_tepercaya atau mulai) di {OFFICE}"
)
EDITOR_CHANGED = (
    f"mengubah penyunting formulir (blok penyunting di {OFFICE}: jenis, alamat, repositori, cabang atau "
    "id_aplikasi), yang menentukan ke host Git mana token Git staf dikirim"
)


@dataclass(frozen=True)
class Verdict:
    """A landing judged on its own: true forever for the same commit, rules and code."""

    kind: str
    person: str | None  # id of the merger in the office record of the time
    reason: str  # Indonesian, for people
    proof: str
    notices: tuple[str, ...]  # flagged, not findings: a change to who may approve, or to the editor
    messages: tuple[str, ...]  # the findings
    meanings: Sequence[Meaning]  # one per changed file, in the order of History.changes


def judge(
    history: History,
    commit: Commit,
    rules: Rules,
    signature: Signature | None,
    files: list[FileChange],
    meanings: tuple[Meaning, ...],
    notices: list[str],
) -> Verdict:
    kind, person, reason, proof = classify(commit, rules, signature)
    messages = [reason] if kind in UNAPPROVED else []
    messages += _extra(history, commit, files)
    messages += _steps(commit, person, kind, rules, files, meanings)
    if kind == APPROVED and messages:
        kind, reason = UNPROVEN, f"{reason}, tetapi ada temuan"
    return Verdict(
        kind, person.id if person else None, reason, proof, tuple(notices), tuple(dict.fromkeys(messages)), meanings
    )


def meaning(history: History, file: FileChange, rules: Rules) -> Meaning:
    if file.new_blob in history.oversized or file.old_blob in history.oversized:
        return Meaning(("berkas terlalu besar untuk dibaca; isinya tidak diuraikan",), (), False)
    if not is_data_text(file.path) or file.new_mode != "100644" and file.new_blob:
        word = {"A": "ditambahkan", "D": "dihapus", "R": f"dipindah dari {file.old_path}"}.get(file.status, "diubah")
        lines = [f"berkas {GROUP_LABELS[file.group]} {word}"]
        if file.group == "kode":
            lines.append(why_code(file.path))
        return Meaning(tuple(lines), (), True)
    return describe(
        history.text(file.old_blob),
        history.text(file.new_blob),
        file.path,
        sops=rules.sops,
        office=rules.office,
        renamed_from=file.old_path if file.status == "R" else None,
    )


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


def _extra(history: History, commit: Commit, files: list[FileChange]) -> list[str]:
    """What is wrong whoever merged: changes made inside the merge, links, huge files, foxtrots,
    attributes that make the work tree differ from what was committed."""
    found = []
    made_here = sorted(f.path for f in files if f.in_merge)
    if made_here:
        found.append(
            "perubahan dibuat di dalam penggabungan itu sendiri, bukan di cabang yang diusulkan: "
            + ", ".join(made_here)
        )
    for file in files:
        if file.forbidden_link:
            found.append(f"{file.path} adalah tautan simbolik atau submodul; isi di baliknya tidak diaudit")
        big = history.oversized.get(file.new_blob or "")
        if big:
            found.append(f"{file.path} terlalu besar ({big // 1024} KiB) untuk sebuah catatan; tidak dibaca")
        if is_attributes(file.path) and file.new_blob and not big:
            found += _attributes(file.path, history.text(file.new_blob))
    if commit.sha in history.foxtrots:
        found.append(
            f"penggabungan foxtrot: ujung cabang utama sebelumnya ({history.foxtrots[commit.sha][:7]}) menjadi induk "
            "kedua, sehingga persetujuan di riwayat itu hilang dari jalur utama"
        )
    return found


def _attributes(path: str, text: str | None) -> list[str]:
    if text is None:
        return [f"{path} tidak dapat dibaca; atributnya tidak dapat diperiksa"]
    return [f"{path}:{line}: {why}" for line, why in rewriting_lines(text)]


def _steps(commit, person, kind, rules: Rules, files: list[FileChange], meanings: Sequence[Meaning]) -> list[str]:
    """Approval steps marked `selesai`: without a proven approval, or (when the office demands it)
    merged by someone not holding the step's role."""
    found = []
    for file, meant in zip(files, meanings, strict=True):
        sop = rules.sops.get(meant.sop or "")
        for no in meant.completed:
            if not sop or not 1 <= no <= len(sop.steps) or not sop.step(no).approval:
                continue
            step = sop.step(no)
            roles = " atau ".join(sop.actors.get(r, r) for r in step.actors)
            title = f"{file.path}: langkah {no} '{step.activity}' ditandai selesai"
            day = commit.committed.date()
            if kind in UNAPPROVED:
                found.append(f"{title} tanpa penggabungan yang membuktikan persetujuan")
            elif kind == APPROVED and rules.in_person and not holds(person, step.actors, day):
                found.append(f"{title} dalam penggabungan oleh {_who(commit.author, person)}, bukan {roles}")
    return found


def governance(book: RuleBook, files: list[FileChange], rules: Rules) -> list[str]:
    """A change to who may approve (e-mails, terms, approving roles, hosts, keys, the audit start)
    or to where the form editor sends staff's tokens (`penyunting`)."""
    notices = []
    for file in files:
        if OFFICE not in (file.path, file.old_path):
            continue
        after = book.office_rules(file.new_blob)
        if _approvers(rules) != _approvers(after):
            notices.append(APPROVERS_CHANGED)
        if rules.editor != after.editor:
            notices.append(EDITOR_CHANGED)
    return list(dict.fromkeys(notices))


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
