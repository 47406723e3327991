"""What an SOP file means: numbering, which step holds which field, its documents.

Code asks the SOP "which step holds `rapat`?" and "which documents do you make?", so an SOP
whose answers are ambiguous or point nowhere is refused here, with the line to fix.
"""

from __future__ import annotations

from generator.problem import Problem
from generator.records.checks import Report
from generator.records.checks_kinds import check_field_schemas
from generator.records.model import Sop


def check_sop(sop: Sop, rel: str) -> list[Problem]:
    report = Report(rel)
    if [s.no for s in sop.steps] != list(range(1, len(sop.steps) + 1)):
        report.add(sop.source.where("langkah"), "langkah SOP harus bernomor urut mulai dari 1", code="sop")
        return report.problems
    _check_fields(sop, report)
    _check_documents(sop, report)
    check_field_schemas(sop, report)
    return report.problems


def _check_fields(sop: Sop, report: Report) -> None:
    owner: dict[str, int] = {}
    for i, step in enumerate(sop.steps):
        for field in step.fields:
            if field in owner:
                report.add(
                    sop.source.where("langkah", i, "isian"),
                    f"isian '{field}' dimuat langkah {owner[field]} dan langkah {step.no}",
                    "setiap isian hanya boleh dimuat satu langkah; ganti nama salah satunya",
                    code="sop",
                )
            owner.setdefault(field, step.no)
        if step.back_to is not None and not 1 <= step.back_to < step.no:
            report.add(
                sop.source.where("langkah", i, "kembali_ke"),
                f"langkah {step.no} kembali ke langkah {step.back_to}, yang tidak ada sebelum langkah ini",
                code="sop",
            )
        paths = [*step.person_fields, *step.required, *(c.target for c in step.covers)]
        for path in paths:
            if path.split(".")[0] not in step.fields:
                report.add(
                    sop.source.where("langkah", i),
                    f"langkah {step.no} menyebut '{path}', padahal '{path.split('.')[0]}' bukan isian langkah ini",
                    f"tambahkan '{path.split('.')[0]}' ke 'isian' langkah {step.no}",
                    code="sop",
                )
        for rule in step.covers:
            _held(sop, rule.source, ("langkah", i, "mencakup"), report)


def _check_documents(sop: Sop, report: Report) -> None:
    seen: set[str] = set()
    for i, step in enumerate(sop.steps):
        for j, doc in enumerate(step.documents):
            where = ("langkah", i, "dokumen", j)
            if doc.id in seen:
                report.add(sop.source.where(*where, "id"), f"dokumen '{doc.id}' disebut dua kali", code="sop")
            seen.add(doc.id)
            if doc.approval is not None and not step.no <= doc.approval <= len(sop.steps):
                report.add(
                    sop.source.where(*where, "disahkan_langkah"),
                    f"dokumen '{doc.id}' disahkan di langkah {doc.approval}, yang tidak ada atau sebelum "
                    f"langkah {step.no} yang membuatnya",
                    code="sop",
                )
            for path in (doc.addressees, doc.per_addressee_when):
                if path:
                    _held(sop, path, (*where, "per_tujuan"), report)


def _held(sop: Sop, path: str, where: tuple, report: Report) -> None:
    if sop.holding(path) is None:
        report.add(
            sop.source.where(*where),
            f"'{path}' tidak dimuat langkah mana pun di SOP ini",
            "tambahkan isiannya ke 'isian' langkah yang mengisinya",
            code="sop",
        )
