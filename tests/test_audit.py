"""Classification of main's history (pure, without Git) and the approval-step checks."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import NOW

from generator.clock import zone
from generator.history.audit import APPROVED, DIRECT, INITIAL, OTHER, SQUASH, UNPROVEN, audit, classify
from generator.history.log import OK, Commit, FileChange, History, Identity
from generator.history.rules import Rules, current_rules
from generator.records.workspace import Workspace, load_workspace

REPO = Path(__file__).resolve().parent.parent


@functools.cache
def sample() -> Workspace:
    """The repository's own records, loaded by the first test that needs them (never at import)."""
    return load_workspace(REPO, now=NOW)


@functools.cache
def rules() -> Rules:
    return current_rules(sample().office, sample().sops)


PATH = "records/2024/2024-menjahit-1.yaml"
TEXT = (REPO / PATH).read_text(encoding="utf-8")
YUSUF = Identity("Yusuf Hidayat", "yusuf.hidayat@pagaralam.example")
RINA = Identity("Rina Wulandari", "rina.wulandari@pagaralam.example")
FAUZI = Identity("Ahmad Fauzi", "Ahmad.Fauzi@pagaralam.example")
GITHUB = Identity("GitHub", "noreply@github.com")


def commit(
    sha: str,
    parents: tuple[str, ...],
    author: Identity,
    when: str,
    committer: Identity | None = None,
    subject: str = "Ubah",
) -> Commit:
    moment = datetime.fromisoformat(when).replace(tzinfo=zone("WIB"))
    return Commit(sha * 40, tuple(p * 40 for p in parents), author, moment, committer or author, moment, subject)


@pytest.mark.parametrize(
    ("made", "kind", "reason"),
    [
        (commit("a", (), RINA, "2024-01-22 08:00"), INITIAL, "commit pertama repositori; belum ada tinjauan"),
        (
            commit("b", ("a", "c"), YUSUF, "2024-01-29 15:10"),
            APPROVED,
            "disetujui oleh Yusuf Hidayat, S.T., M.M. (Kepala Bidang Balai Latihan Kerja) pada 29 Januari 2024",
        ),
        (
            commit("b", ("a", "c"), Identity("Yusuf", "yusuf.h@users.example"), "2024-01-29 15:10", GITHUB),
            APPROVED,
            "disetujui oleh Yusuf Hidayat, S.T., M.M. (Kepala Bidang Balai Latihan Kerja) pada 29 Januari 2024",
        ),
        (
            commit("b", ("a", "c"), Identity("Rina", "rina.wulandari@pagaralam.example"), "2026-09-15 10:00"),
            APPROVED,
            "disetujui oleh Rina Wulandari, S.E. (Plh. Kepala Bidang Balai Latihan Kerja) pada 15 September 2026",
        ),
        (
            commit("b", ("a", "c"), RINA, "2026-09-21 10:00"),
            OTHER,
            "digabung oleh Rina Wulandari, S.E., yang pada 21 September 2026 tidak memegang jabatan penyetuju "
            "(jabatan dengan menyetujui_perubahan: true di records/kantor.yaml)",
        ),
        (
            commit("b", ("a", "c"), FAUZI, "2024-01-30 10:30"),
            APPROVED,
            "disetujui oleh Drs. H. Ahmad Fauzi, M.Si. (Kepala Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan "
            "Tenaga Kerja) pada 30 Januari 2024",
        ),
        (
            commit("b", ("a", "c"), FAUZI, "2025-08-04 10:30"),
            OTHER,
            "digabung oleh Drs. H. Ahmad Fauzi, M.Si., yang pada 4 Agustus 2025 tidak memegang jabatan penyetuju "
            "(jabatan dengan menyetujui_perubahan: true di records/kantor.yaml)",
        ),
        (
            commit("b", ("a", "c"), Identity("Tamu", "tamu@luar.example"), "2024-01-30 10:30"),
            OTHER,
            "digabung oleh Tamu <tamu@luar.example>, surel yang tidak terdaftar di records/kantor.yaml saat itu",
        ),
        (
            commit("b", ("a",), RINA, "2024-02-02 15:10"),
            DIRECT,
            "dikomit langsung ke main oleh Rina Wulandari, S.E. tanpa permintaan tarik (atau digabung fast-forward)",
        ),
        (
            commit("b", ("a",), YUSUF, "2024-02-02 15:10"),
            DIRECT,
            "dikomit langsung ke main oleh Yusuf Hidayat, S.T., M.M. tanpa permintaan tarik (atau digabung fast-forward)",
        ),
        (
            commit("b", ("a",), RINA, "2024-02-13 08:00", GITHUB),
            SQUASH,
            "masuk ke main lewat squash atau rebase; siapa yang menyetujui tidak tercatat (gabungkan dengan merge commit)",
        ),
        (
            commit("b", ("a",), RINA, "2024-02-13 08:00", subject="Jawaban (#6)"),
            SQUASH,
            "masuk ke main lewat squash atau rebase; siapa yang menyetujui tidak tercatat (gabungkan dengan merge commit)",
        ),
        (
            commit("b", ("a",), RINA, "2024-02-13 08:00", subject="Squashed commit of the following:"),
            SQUASH,
            "masuk ke main lewat squash atau rebase; siapa yang menyetujui tidak tercatat (gabungkan dengan merge commit)",
        ),
    ],
)
def test_classify(made: Commit, kind: str, reason: str) -> None:
    assert classify(made, rules())[0::2] == (kind, reason)


def test_author_set_to_the_approver_but_committed_by_staff_is_not_an_approval() -> None:
    forged = commit("b", ("a", "c"), YUSUF, "2024-01-29 15:10", committer=RINA)
    kind, _, reason, proof = classify(forged, rules())
    assert kind == UNPROVEN and proof == "tidak ada"
    assert "atas nama Yusuf Hidayat, S.T., M.M. <yusuf.hidayat@pagaralam.example> tetapi dikomit oleh Rina" in reason


def history_of(steps: list[tuple[Commit, Commit, str | None, str]]) -> History:
    """A hand-made history: (commit, landing, old text, new text) per change of the sample record."""
    contents, changes = {}, []
    for i, (made, landing, old, new) in enumerate(steps):
        old_blob = f"o{i}" if old is not None else None
        contents.update({f"o{i}": old, f"n{i}": new})
        proposers = (made,) if made is not landing else ()
        changes.append(
            FileChange(landing, "A" if old is None else "M", PATH, PATH, old_blob, f"n{i}", proposers=proposers)
        )
    mainline = tuple(dict.fromkeys(landing for _, landing, _, _ in steps))
    return History(OK, mainline, tuple(changes), MappingProxyType(contents))


def undone(*steps: int) -> str:
    text = TEXT
    for no in steps:
        text = text.replace(f"  - no: {no}\n    status: selesai", f"  - no: {no}\n    status: belum")
    return text


def test_approval_step_merged_by_its_role_is_not_flagged() -> None:
    proposal = commit("c", ("a",), RINA, "2024-01-30 10:20")
    merge = commit("d", ("a", "c"), FAUZI, "2024-01-30 10:30")
    result = audit(history_of([(proposal, merge, undone(2), TEXT)]), rules())
    assert result.landings[0].kind == APPROVED
    assert result.findings == ()
    assert result.landings[0].changes[0].meaning.completed == (2,)


def test_kepala_dinas_step_is_accepted_through_the_kepala_bidang_merge() -> None:
    proposal = commit("c", ("a",), RINA, "2024-03-08 09:10")
    merge = commit("d", ("a", "c"), YUSUF, "2024-03-08 09:20")
    result = audit(history_of([(proposal, merge, undone(11), TEXT)]), rules())
    assert result.landings[0].kind == APPROVED and result.findings == ()


def test_office_may_demand_the_step_role_merges_in_person() -> None:
    proposal = commit("c", ("a",), RINA, "2024-03-08 09:10")
    merge = commit("d", ("a", "c"), YUSUF, "2024-03-08 09:20")
    result = audit(history_of([(proposal, merge, undone(11), TEXT)]), replace(rules(), in_person=True))
    assert result.landings[0].kind == UNPROVEN  # never both approved and a finding
    assert [f.message for f in result.findings] == [
        f"{PATH}: langkah 11 'Menerima laporan pelaksanaan pelatihan' ditandai selesai dalam penggabungan oleh "
        "Yusuf Hidayat, S.T., M.M., bukan Kepala Dinas"
    ]


def test_step_five_accepts_either_of_its_roles() -> None:
    proposal = commit("c", ("a",), RINA, "2024-02-01 10:15")
    merge = commit("d", ("a", "c"), YUSUF, "2024-02-01 10:40")
    result = audit(history_of([(proposal, merge, undone(5), TEXT)]), rules())
    assert result.findings == () and result.unapproved == ()


def test_approval_step_committed_directly() -> None:
    direct = commit("c", ("a",), RINA, "2024-01-30 10:20")
    result = audit(history_of([(direct, direct, undone(2), TEXT)]), rules())
    assert [f.message for f in result.findings] == [
        "dikomit langsung ke main oleh Rina Wulandari, S.E. tanpa permintaan tarik (atau digabung fast-forward)",
        f"{PATH}: langkah 2 'Memeriksa dan menyetujui rencana kerja kegiatan' ditandai selesai tanpa "
        "penggabungan yang membuktikan persetujuan",
    ]
    assert len(result.unapproved) == 1


def test_non_approval_steps_need_no_role() -> None:
    proposal = commit("c", ("a",), RINA, "2024-02-02 15:00")
    merge = commit("d", ("a", "c"), YUSUF, "2024-02-02 15:10")
    result = audit(history_of([(proposal, merge, undone(6, 7), TEXT)]), rules())
    assert result.findings == ()


def test_without_office_nothing_is_approved() -> None:
    proposal = commit("c", ("a",), RINA, "2024-02-02 15:00")
    merge = commit("d", ("a", "c"), YUSUF, "2024-02-02 15:10")
    result = audit(history_of([(proposal, merge, undone(6), TEXT)]), current_rules(None, sample().sops))
    assert result.landings[0].kind == OTHER


def test_riwayat_follows_a_hand_made_history() -> None:
    proposal = commit("c", ("a",), RINA, "2024-02-02 15:00")
    merge = commit("d", ("a", "c"), YUSUF, "2024-02-02 15:10")
    history = history_of([(proposal, merge, undone(6), TEXT)])
    assert [c.commit.sha for c in history.of_record(PATH)] == ["c" * 40]
    assert history.of_record("records/2024/lain.yaml") == ()
