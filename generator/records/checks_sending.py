"""What happens to a letter after it is signed must follow it, for any SOP, by the kind of each
field: its reply deadline (`batas_waktu`) lies after its date and before the event starts; it is
sent (`pengiriman`) after it is signed and dated, with the letters that enclose it; replies
(`jawaban`) come from its addressees and after it was sent; an enclosure (`naskah_terlampir`)
exists before the letter that encloses it; its archive code (`kode_klasifikasi`) opens its number.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.dates import long_date
from generator.records.kinded_values import (
    Findings,
    Value,
    addressee_regions,
    document_of,
    item_region,
    mapping,
    text,
    values,
)
from generator.records.kinds import (
    AT,
    CLASSIFICATION,
    DATE,
    DEADLINE,
    ENCLOSURE,
    NUMBER,
    PER_ADDRESSEE,
    REPLY,
    SENDING,
    SENT,
)
from generator.records.letter_facts import Letter, letters, moment_text, numbers, signature_of
from generator.records.model import Event, Sop, parse_date, parse_moment


def check_sending(event: Event, sop: Sop, findings: Findings) -> None:
    own = {letter.document.id: letter for letter in letters(event, sop) if letter.document}
    for value in values(event, sop, DEADLINE):
        _deadline(event, sop, own, value, findings)
    for value in values(event, sop, ENCLOSURE):
        _enclosed(sop, own, value, findings)
    for value in values(event, sop, CLASSIFICATION):
        _classified(sop, own, value, findings)
    sent: dict[str, dict[str, date]] = {}
    for value in values(event, sop, SENDING):
        _sent(event, sop, own, value, findings, sent)
    for value in values(event, sop, REPLY):
        _replied(event, sop, own, value, findings, sent)


def _day(value: object) -> date | None:
    try:
        return parse_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _title(value: Value) -> str:
    return str(value.kinded.node.get("title") or value.kinded.path.rpartition(".")[2]).lower()


# --- the reply deadline -----------------------------------------------------------------


def _deadline(event: Event, sop: Sop, own: dict[str, Letter], value: Value, findings: Findings) -> None:
    deadline, document = _day(value.value), document_of(sop, value.kinded)
    if deadline is None or document is None:
        return
    what, letter = _title(value), own.get(document.id)
    if letter is not None and deadline <= letter.day:
        findings.add(
            letter.step.source.prefix + letter.at(DATE),
            f"{letter.label} bertanggal {long_date(letter.day)}, "
            f"{'tepat pada' if deadline == letter.day else 'sesudah'} {what} yang ditulisnya ({long_date(deadline)})",
            f"penerima perlu waktu untuk menjawab: {what} jatuh sesudah tanggal surat; periksa "
            f"'{letter.path}.{DATE}' dan '{value.kinded.path}'",
            "surat-sesudah-batas",
        )
    running = next((s.no for s in sop.steps if s.runs_schedule), None)
    if running is not None and document.step < running and deadline >= event.start:
        noun = sop.event_noun
        findings.add(
            value.at,
            f"{what} {long_date(deadline)} tidak sebelum {noun} dimulai ({long_date(event.start)})",
            f"jawaban diterima sebelum {noun} dimulai; majukan '{value.kinded.path}'",
            "batas-sesudah-mulai",
        )


# --- enclosures and the archive code ----------------------------------------------------


def _enclosed(sop: Sop, own: dict[str, Letter], value: Value, findings: Findings) -> None:
    """An enclosed letter exists (is signed and dated) before the letter that encloses it."""
    holder = document_of(sop, value.kinded)
    outer, inner = own.get(holder.id) if holder else None, own.get(text(value.value))
    if outer is None or inner is None or inner.day <= outer.day:
        return
    findings.add(
        inner.step.source.prefix + inner.at(DATE),
        f"{inner.label} bertanggal {long_date(inner.day)}, sesudah {outer.label} yang melampirkannya "
        f"({long_date(outer.day)})",
        f"naskah yang dilampirkan sudah ditandatangani sebelum surat yang melampirkannya; periksa "
        f"'{inner.path}.{DATE}' dan '{outer.path}.{DATE}'",
        "lampiran-sesudah-surat",
    )


def _classified(sop: Sop, own: dict[str, Letter], value: Value, findings: Findings) -> None:
    """The archive code a letter's metadata gives is the code its number opens with."""
    document, code = document_of(sop, value.kinded), text(value.value)
    letter = own.get(document.id) if document else None
    if letter is None or not code:
        return
    wrong = sorted({number.split("/", 1)[0] for _, number in numbers(letter) if not number.startswith(f"{code}/")})
    for other in wrong:
        findings.add(
            value.at,
            f"kode klasifikasi {letter.label} '{code}', padahal nomornya diawali '{other}'",
            f"kode klasifikasi dicetak di nomor surat: samakan '{value.kinded.path}' dengan awal "
            f"'{letter.path}.{NUMBER if NUMBER in letter.data else PER_ADDRESSEE}', atau perbaiki nomornya",
            "klasifikasi-beda-nomor",
        )


# --- sending and replies ----------------------------------------------------------------


def _carried(event: Event, sop: Sop, own: dict[str, Letter], document: str) -> Iterator[Letter]:
    """The letter a sending sends, and the letters that enclose it (its cover letters)."""
    covers = {
        holder.id
        for value in values(event, sop, ENCLOSURE)
        if text(value.value) == document and (holder := document_of(sop, value.kinded)) is not None
    }
    yield from (letter for doc_id, letter in own.items() if doc_id == document or doc_id in covers)


def _sent(event: Event, sop: Sop, own: dict[str, Letter], value: Value, findings: Findings, sent: dict) -> None:
    document = str(value.kinded.param(SENT) or "")
    item, region_key = mapping(value.value), item_region(value.kinded)
    day, region = _day(item.get(DATE)), text(item.get(region_key or ""))
    if day is None:
        return
    if region:
        sent.setdefault(document, {})[region] = min(day, sent.get(document, {}).get(region, day))
    what = f"{_title(value)} ke {region}" if region else _title(value)
    for letter in _carried(event, sop, own, document):
        signed = signature_of(event, sop, letter)
        moment = parse_moment(str(signed.value[AT])) if signed and signed.value.get(AT) else None
        if moment is not None and day < moment.date():
            why = f"sebelum {letter.label} ditandatangani ({moment_text(moment)})"
        elif day < letter.day:
            why = f"sebelum tanggal {letter.label} ({long_date(letter.day)})"
        else:
            continue
        findings.add(
            value.under(DATE),
            f"{what} bertanggal {long_date(day)}, {why}",
            f"surat dikirim sesudah ditandatangani dan diberi nomor; periksa tanggal ini dan '{letter.path}.{DATE}'",
            "kirim-sebelum-ttd",
        )
    invited = addressee_regions(event, sop, sop.document(document))
    if region and invited and region not in invited:
        findings.add(
            value.under(region_key or DATE),
            f"{what}, padahal {_label(sop, own, document)} tidak ditujukan ke {region}",
            f"tujuan yang tercatat: {', '.join(invited)}",
            "kirim-bukan-tujuan",
        )


def _label(sop: Sop, own: dict[str, Letter], document: str) -> str:
    found = sop.document(document)
    return own[document].label if document in own else found.title if found else document


def _replied(event: Event, sop: Sop, own: dict[str, Letter], value: Value, findings: Findings, sent: dict) -> None:
    """A reply answers a letter its region received: from an addressee, after it was dated and sent."""
    document = str(value.kinded.param(SENT) or "")
    item, region_key = mapping(value.value), item_region(value.kinded)
    day, region = _day(item.get(DATE)), text(item.get(region_key or ""))
    what = f"{_title(value)} dari {region}" if region else _title(value)
    invited, label = addressee_regions(event, sop, sop.document(document)), _label(sop, own, document)
    if region and invited and region not in invited:
        findings.add(
            value.under(region_key or DATE),
            f"{what}, padahal {label} tidak dikirim ke {region}",
            f"{label} ditujukan ke {', '.join(invited)}; periksa asal surat jawaban ini",
            "jawaban-bukan-tujuan",
        )
    letter, delivered = own.get(document), sent.get(document, {}).get(region)
    if day is None:
        return
    number = f" (nomor {item[NUMBER]})" if item.get(NUMBER) else ""
    if letter is not None and day < letter.day:
        why = f"sebelum {label} yang dijawabnya ({long_date(letter.day)})"
    elif delivered is not None and day < delivered:
        why = f"sebelum {label} dikirim ke {region} ({long_date(delivered)})"
    else:
        return
    findings.add(
        value.under(DATE),
        f"{what}{number} bertanggal {long_date(day)}, {why}",
        "surat jawaban ditulis sesudah surat yang dijawabnya diterima; periksa tanggal surat jawaban ini",
        "jawaban-sebelum-surat",
    )
