"""The people of an event must agree with each other, for any SOP, by the kind of each field:
a participant (`peserta`) was proposed by a reply (`jawaban`) from a region that was invited,
with the same region and sex, once, and within the quota per addressee (`kuota_wilayah`); a
committee (`panitia`) holds each person once, and only people in office; a person who must be in
a list (`tercantum_di`, a meeting's chair in its attendance) is in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.dates import long_date
from generator.problem import WARNING
from generator.records.kinded_values import (
    Findings,
    Value,
    addressee_regions,
    document_of,
    item_region,
    mapping,
    of,
    text,
    values,
)
from generator.records.kinds import (
    COMMITTEE,
    FORMS,
    LISTED_IN,
    NAME,
    NUMBER,
    PEOPLE,
    PERSON,
    PERSON_FIELD,
    POSITION,
    REGION_QUOTA,
    REPLY,
    SENT,
    SEX,
    Kinded,
    occurrences,
)
from generator.records.letter_facts import letters
from generator.records.model import Event, Office, Sop


def same_name(name: str) -> str:
    """`Siti  Aminah` and `siti aminah` are one name."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Proposed:
    """A person a reply proposed: from which region, with which sex, in which reply."""

    region: str
    sex: str
    number: str
    reply: str  # what the SOP calls the reply (its title): `jawaban`


def check_people(event: Event, sop: Sop, office: Office, findings: Findings) -> None:
    for people in _lists(values(event, sop, PEOPLE)):
        _listed_once(people, findings)
    participants = next((k for k in sop.event_kinds if k.kind == PEOPLE and k.path == sop.event_field(PEOPLE)), None)
    if participants is not None:
        _participants(event, sop, participants, findings)
    for committee in _lists(values(event, sop, COMMITTEE)):
        _committee(event, sop, office, committee, findings)
    for value in values(event, sop, PERSON_FIELD):
        _attends(event, sop, office, value, findings)


# --- each list of people ----------------------------------------------------------------


def _lists(found: Iterator[Value]) -> list[list[Value]]:
    """The items of list fields grouped by the list they are in (a kinded list yields its items)."""
    groups: dict[tuple, list[Value]] = {}
    for value in found:
        groups.setdefault(value.at[:-1], []).append(value)
    return list(groups.values())


def _listed_once(people: list[Value], findings: Findings) -> None:
    """Nobody is listed twice in one list of people."""
    seen: dict[str, int] = {}
    for value in people:
        name, index = text(mapping(value.value).get(NAME)), value.at[-1]
        first = seen.setdefault(same_name(name), index) if name else index
        if first != index:
            findings.add(
                value.under(NAME),
                f"'{name}' tercantum dua kali di {findings.label(value.at[:-1])} (butir {first + 1} dan {index + 1})",
                "hapus salah satunya; dua orang yang bernama sama dibedakan dengan nama lengkapnya",
                "orang-ganda",
            )


def _proposals(event: Event, sop: Sop) -> tuple[dict[str, Proposed], set[str], set[str]]:
    """From every reply: each proposed person by name, the regions that replied, the regions invited."""
    proposed: dict[str, Proposed] = {}
    replied: set[str] = set()
    invited: set[str] = set()
    for reply in values(event, sop, REPLY):
        invited |= set(addressee_regions(event, sop, sop.document(str(reply.kinded.param(SENT) or ""))))
        item, region = mapping(reply.value), text(mapping(reply.value).get(item_region(reply.kinded) or ""))
        replied.add(region)
        for people in (k for k in sop.of_kind(PEOPLE) if k.path.startswith(f"{reply.kinded.path}.")):
            rest = people.path.removeprefix(f"{reply.kinded.path}.")
            for _, person in occurrences(item, rest):
                name = text(mapping(person).get(NAME))
                if name:
                    found = Proposed(region, text(person.get(SEX)), text(item.get(NUMBER)), title(reply.kinded))
                    proposed.setdefault(same_name(name), found)
    return proposed, replied - {""}, invited


def _participants(event: Event, sop: Sop, kinded: Kinded, findings: Findings) -> None:
    proposed, replied, invited = _proposals(event, sop)
    region_key, noun = item_region(kinded), title(kinded)
    counted: dict[str, int] = {}
    quotas = _quotas(event, sop)
    for value in of(event, sop, kinded):
        keys, item = value.keys, mapping(value.value)
        name, region, sex = text(item.get(NAME)), text(item.get(region_key or "")), text(item.get(SEX))
        at = keys
        counted[region] = counted.get(region, 0) + 1
        found = proposed.get(same_name(name))
        if found is not None:
            _as_proposed(f"{noun} {name}", region, sex, found, at, region_key, findings)
        elif region and (replied or invited) and region not in replied | invited:
            findings.add(
                (*at, region_key or NAME),
                f"{noun} {name} berasal dari {region}, yang tidak diundang dan tidak mengusulkan calon",
                f"yang diundang: {', '.join(sorted(invited)) or '-'}; periksa asal {noun} ini",
                "peserta-wilayah-asing",
            )
        elif replied and _replies_done(event, sop):
            replies = next((title(k) for k in sop.of_kind(REPLY)), "")
            findings.add(
                (*at, NAME),
                f"{noun} {name} tidak diusulkan surat {replies} mana pun",
                f"{noun} dipilih dari calon yang diusulkan surat {replies}; samakan ejaan namanya dengan surat "
                f"{replies}, atau catat alasannya di 'catatan' langkah yang menetapkan {noun}",
                "peserta-tidak-diusulkan",
                WARNING,
            )
        for quota, label, what in quotas:
            if region and counted[region] == quota + 1:
                findings.add(
                    (*at, region_key or NAME),
                    f"{noun} dari {region} lebih dari {quota} orang, padahal {label} meminta paling banyak "
                    f"{quota} orang dari setiap tujuan",
                    f"kurangi {noun} dari {region}, atau perbaiki '{what}' bila {label} memang meminta lebih",
                    "melebihi-kuota-wilayah",
                )


def _as_proposed(
    name: str, region: str, sex: str, found: Proposed, at: tuple, region_key: str | None, findings: Findings
) -> None:
    """A participant is who the reply proposed: the same region and sex."""
    letter = f"surat {found.reply} {found.number}".rstrip()
    if region_key and found.region and region != found.region:
        findings.add(
            (*at, region_key),
            f"{name} tercatat berasal dari {region}, padahal diusulkan oleh {found.region} ({letter})",
            f"samakan asalnya dengan {letter}",
            "peserta-beda-jawaban",
        )
    if found.sex and sex != found.sex:
        findings.add(
            (*at, SEX),
            f"jenis kelamin {name} tercatat {sex}, padahal di {letter} dari {found.region} {found.sex}",
            f"samakan jenis kelamin dengan {letter}, atau perbaiki surat jawaban yang dicatat",
            "peserta-beda-jawaban",
        )


def title(kinded: Kinded) -> str:
    """What a field is called in a sentence: its title in lower case, else its key."""
    return str(kinded.node.get("title") or kinded.path.rpartition(".")[2]).lower()


def _replies_done(event: Event, sop: Sop) -> bool:
    steps = {k.step for k in sop.of_kind(REPLY) if k.step is not None}
    return bool(steps) and all((s := event.step(no)) is not None and s.done for no in steps)


def _quotas(event: Event, sop: Sop) -> list[tuple[int, str, str]]:
    """(quota, letter label, field title) of each quota per addressee a letter states."""
    own = {letter.document.id: letter.label for letter in letters(event, sop) if letter.document}
    found = []
    for value in values(event, sop, REGION_QUOTA):
        document = document_of(sop, value.kinded)
        if isinstance(value.value, int) and document is not None:
            found.append((value.value, own.get(document.id, document.title), value.kinded.path))
    return found


# --- the committee and the people who must attend ------------------------------------


def _committee(event: Event, sop: Sop, office: Office, members: list[Value], findings: Findings) -> None:
    """Each person holds one position in the committee, and is in office while it works."""
    seen: dict[str, tuple[int, str]] = {}
    day = _formed_on(event, sop, members[0].kinded) or event.start
    for value in members:
        item, index = mapping(value.value), value.at[-1]
        person = office.people.get(text(item.get(PERSON)))
        name = person.name if person else text(item.get(NAME))
        who, position = text(item.get(PERSON)) or same_name(name), text(item.get(POSITION))
        first = seen.setdefault(who, (index, position)) if who else (index, position)
        if first[0] != index:
            findings.add(
                value.under(PERSON if item.get(PERSON) else NAME),
                f"{name} tercantum dua kali di {findings.label(value.at[:-1])}: sebagai {first[1]} dan {position}",
                "satu orang memegang satu jabatan dalam susunan ini; tunjuk orang lain untuk salah satunya",
                "panitia-ganda",
            )
        if person is not None and not any(t.covers(day) for t in person.terms):
            ended = max((t.end for t in person.terms if t.end), default=None)
            findings.add(
                value.under(PERSON),
                f"{name} ({position}) tidak menjabat di kantor pada {long_date(day)}"
                + (f": masa jabatannya berakhir {long_date(ended)}" if ended and ended < day else ""),
                "susunan ini hanya memuat pegawai yang menjabat; ganti dengan pejabat yang menjabat, atau "
                "tulis sebagai anggota dari luar kantor (nama dan instansi)",
                "panitia-tidak-menjabat",
            )


def _formed_on(event: Event, sop: Sop, committee: Kinded) -> date | None:
    """The date of the letter that forms the committee (`membentuk`), when recorded."""
    found = [letter.day for letter in letters(event, sop) if letter.kinded.param(FORMS) == committee.path]
    return found[0] if found else None


def _attends(event: Event, sop: Sop, office: Office, value: Value, findings: Findings) -> None:
    """A person who must be in a list (`tercantum_di`: a meeting's chair in its attendance) is."""
    listed = value.kinded.param(LISTED_IN)
    if not listed or value.step is None or not isinstance(value.value, str):
        return
    present = [v for _, v in occurrences(value.step.data, str(listed))]
    if value.value in present:
        return
    person = office.people.get(value.value)
    findings.add(
        value.at,
        f"'{value.kinded.path}' diisi {person.name if person else value.value}, yang tidak ada di '{listed}'",
        f"tambahkan '{value.value}' ke '{listed}', atau perbaiki '{value.kinded.path}'",
        "tidak-tercantum",
    )
