"""What a change to a record meant, in Indonesian words: the review summary of a pull request.

A pure function of two versions of a file's text. Versions from history were never
validated, so every value is read defensively: any shape of data gives sentences, never a
traceback. A version that does not parse gets a plain-language note instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.clock import zone as office_zone
from generator.dates import long_date, money
from generator.records.kinds import (
    COMMITTEE,
    DATE,
    DOCUMENT,
    INSTITUTION,
    LETTER,
    NAME,
    NUMBER,
    PEOPLE,
    PERSON,
    POSITION,
    REGION,
    TOTAL,
    Kinded,
)
from generator.records.load import LoadError, load_text
from generator.records.model import SIGNATURES as SIGNATURE_KINDS
from generator.records.model import Office, Sop, parse_date, parse_moment

HEAD_FIELDS, TAIL_FIELDS = ("kode", "nama", "sop"), ("contoh",)  # the skeleton's own scalar keys
STEP_FIELDS = ("rencana", "mulai", "selesai", "oleh", "catatan")
LONG = 80  # longer texts are reported by the words added and removed
SCALARS = ("string", "integer", "number", "boolean")


@dataclass(frozen=True)
class Meaning:
    lines: tuple[str, ...]
    completed: tuple[int, ...]  # SOP steps this change marked `selesai`
    readable: bool = True
    sop: str | None = None  # id of the SOP the record follows, when known


@dataclass(frozen=True)
class _Context:
    sop: Sop | None
    office: Office | None

    def event_key(self, kind: str) -> str | None:
        return self.sop.event_field(kind) if self.sop else None

    @property
    def scalars(self) -> tuple[str, ...]:
        """The event's scalar fields, in the order a reviewer reads them."""
        own = [k for k, n in self.sop.event_fields.items() if n.get("type") in SCALARS] if self.sop else []
        return (*HEAD_FIELDS, *own, *TAIL_FIELDS)

    @property
    def lists(self) -> tuple[str, ...]:
        """Keys with sentences of their own: the schedule, the committee, the people, the steps."""
        return tuple(k for k in ("jadwal", self.event_key(COMMITTEE), self.event_key(PEOPLE), "langkah") if k)

    def step_kinds(self, no: Any, *kinds: str) -> list[Kinded]:
        return [k for k in self.sop.of_kind(*kinds) if k.step == no] if self.sop else []

    def letter_name(self, kinded: Kinded) -> str:
        document = self.sop.document(kinded.param(DOCUMENT)) if self.sop else None
        return document.title if document else kinded.path

    def activity(self, no: Any) -> str:
        if self.sop and isinstance(no, int) and 1 <= no <= len(self.sop.steps):
            return self.sop.step(no).activity
        return ""

    @property
    def zone(self) -> str:
        """The office's zone as it is written after a time (WIB, WITA, WIT)."""
        return office_zone(self.office.zone if self.office else None).tzname(None) or "WIB"

    def person(self, value: Any) -> str:
        if self.office and isinstance(value, str) and value in self.office.people:
            return self.office.people[value].name
        return _show(value)


def describe(
    old: str | None,
    new: str | None,
    path: str,
    *,
    sops: Mapping[str, Sop] | None = None,
    office: Office | None = None,
    renamed_from: str | None = None,
) -> Meaning:
    """Sentences for the change from `old` to `new` (None: the file did not exist)."""
    lines: list[str] = [f"berkas dipindah dari {renamed_from}"] if renamed_from and renamed_from != path else []
    before, note_before = _parse(old, path, "sebelum")
    after, note_after = _parse(new, path, "sesudah")
    lines += [n for n in (note_before, note_after) if n]
    if note_after or (new is not None and after is None):
        return Meaning(tuple(lines), (), False)
    context = _Context(_sop_of(sops or {}, after, before), office)
    if new is None:
        lines.append(_deleted(before))
        return Meaning(tuple(lines), ())
    fresh = old is None or note_before is not None
    if _is_event(path):
        found, completed = _event(before or {}, after or {}, context, fresh)
    else:
        found, completed = ([f"berkas baru: {path}"] if old is None else []) + list(_generic(before, after, "")), []
    lines += found
    if not lines:
        lines.append("tidak ada perubahan isi (hanya tata letak, komentar atau spasi)")
    return Meaning(tuple(lines), tuple(completed), note_before is None, context.sop.id if context.sop else None)


def _sop_of(sops: Mapping[str, Sop], *versions: dict[str, Any] | None) -> Sop | None:
    for data in versions:
        name = data.get("sop") if data else None
        if isinstance(name, str) and name in sops:
            return sops[name]
    return None


def _is_event(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "records" and parts[2].endswith((".yaml", ".yml"))


def _parse(text: str | None, path: str, side: str) -> tuple[dict[str, Any] | None, str | None]:
    if text is None:
        return None, None
    try:
        data = _load(text)
    except LoadError as exc:
        return None, (
            f"versi {side} perubahan tidak dapat dibaca (baris {exc.where[0]}: {exc.message}); "
            "isinya tidak dapat diuraikan"
        )
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, f"versi {side} perubahan bukan kumpulan isian (kunci: nilai); isinya tidak dapat diuraikan"
    return data, None


@lru_cache(maxsize=256)
def _load(text: str) -> Any:
    """Each version is parsed once: it is the `after` of one change and the `before` of the next.
    Callers only read the result."""
    return load_text(text, Path("versi.yaml")).data


def _deleted(before: dict[str, Any] | None) -> str:
    if before and isinstance(before.get("nama"), str):
        return f"catatan dihapus: {before['nama']} ({_show(before.get('kode'))})"
    return "berkas dihapus"


def _event(old: dict[str, Any], new: dict[str, Any], context: _Context, fresh: bool) -> tuple[list[str], list[int]]:
    lines: list[str] = []
    people, committee = context.event_key(PEOPLE), context.event_key(COMMITTEE)
    if fresh:
        lines.append(f"catatan kegiatan baru: {_show(new.get('nama'))} ({_show(new.get('kode'))})")
        own = [k for k in context.scalars if k not in (*HEAD_FIELDS, *TAIL_FIELDS)]
        lines += [f"{k}: {_show(new[k])}" for k in own if new.get(k) is not None]
        if new.get("jadwal") is not None:
            lines.append(f"jadwal: {_schedule(new.get('jadwal'))}")
    else:
        lines += [_scalar_line(k, old.get(k), new.get(k)) for k in context.scalars if old.get(k) != new.get(k)]
        if old.get("jadwal") != new.get("jadwal"):
            lines.append(f"jadwal: {_schedule(old.get('jadwal'))} → {_schedule(new.get('jadwal'))}")
    if committee:
        lines += _committee(committee, _list(old.get(committee)), _list(new.get(committee)), context)
    known = set(context.scalars) | set(context.lists)
    rest_old = {k: v for k, v in old.items() if k not in known} if not fresh else {}
    rest_new = {k: v for k, v in new.items() if k not in known}
    lines += _capped(_generic(rest_old, rest_new, ""))
    if people:
        lines += _participants(people, _region_key(context), _list(old.get(people)), _list(new.get(people)))
    steps, completed = _steps(_list(old.get("langkah")), _list(new.get("langkah")), context, fresh)
    return lines + steps, completed


def _region_key(context: _Context) -> str | None:
    """The key of a participant's region inside the list of kind `peserta` (`asal`)."""
    people = context.event_key(PEOPLE)
    found = [k.path for k in context.sop.event_kinds if k.kind == REGION] if context.sop else []
    return next((p.rpartition(".")[2] for p in found if p.rpartition(".")[0] == people), None)


def _schedule(value: Any) -> str:
    if not isinstance(value, Mapping):
        return "(kosong)"
    return f"{_day(value.get('mulai'))} s.d. {_day(value.get('selesai'))}"


def _participants(key: str, region: str | None, old: list[Any], new: list[Any]) -> list[str]:
    """`peserta: +3 dari Kabupaten Lahat, -1 dari Kota Pagar Alam`: counts per region, no names
    (a person changed in place counts as one out and one in)."""

    def person(p: Any) -> tuple[str, ...]:
        p = p if isinstance(p, Mapping) else {}
        return _show(p.get(region or "")), *(f"{k}={_show(v)}" for k, v in sorted(p.items(), key=str))

    before, after = Counter(map(person, old)), Counter(map(person, new))
    added = Counter(k[0] for k in (after - before).elements())
    removed = Counter(k[0] for k in (before - after).elements())
    parts = [f"+{n} dari {where}" for where, n in sorted(added.items())]
    parts += [f"-{n} dari {where}" for where, n in sorted(removed.items())]
    return [f"{key}: {', '.join(parts)}"] if parts else []


def _committee(key: str, old: list[Any], new: list[Any], context: _Context) -> list[str]:
    def label(m: Any) -> str:
        m = m if isinstance(m, Mapping) else {}
        who = context.person(m[PERSON]) if PERSON in m else _show(m.get(NAME))
        where = f" ({_show(m[INSTITUTION])})" if m.get(INSTITUTION) is not None else ""
        return f"{_show(m.get(POSITION))}: {who}{where}"

    before, after = Counter(map(label, old)), Counter(map(label, new))
    lines = [f"{key}: + {x}" for x in sorted((after - before).elements())]
    return lines + [f"{key}: - {x}" for x in sorted((before - after).elements())]


def _steps(old: list[Any], new: list[Any], context: _Context, fresh: bool) -> tuple[list[str], list[int]]:
    before, after = _by_no(old), _by_no(new)
    lines: list[str] = []
    completed: list[int] = []
    for no in sorted(set(before) | set(after), key=lambda n: (not isinstance(n, int), str(n).zfill(6))):
        a, b = before.get(no), after.get(no)
        if b is None:
            lines.append(f"langkah {no} dihapus dari catatan")
            continue
        lines += _step(no, a or {}, b, context, fresh)
        if b.get("status") == "selesai" and (a or {}).get("status") != "selesai":
            completed.append(no)
    return lines, completed


def _by_no(steps: list[Any]) -> dict[Any, Mapping[str, Any]]:
    return {
        s.get("no") if isinstance(s.get("no"), (int, str)) else _show(s.get("no")): s
        for s in steps
        if isinstance(s, Mapping)
    }


def _step(no: Any, old: Mapping[str, Any], new: Mapping[str, Any], context: _Context, fresh: bool) -> list[str]:
    title = f"langkah {no}" + (f" '{context.activity(no)}'" if context.activity(no) else "")
    lines: list[str] = []
    status_old, status_new = old.get("status", "belum"), new.get("status", "belum")
    told: set[str] = set()
    if status_old != status_new:
        lines.append(f"{title}: {_show(status_old)} → {_show(status_new)}{_when_who(new, context)}")
        told = _told(new)
    if not fresh:
        for key in STEP_FIELDS:
            if old.get(key) != new.get(key) and key not in told:
                shown = _shown_pair(key, old.get(key), new.get(key), context)
                lines.append(f"langkah {no}: " + _scalar_line(key, old.get(key), new.get(key), shown))
    said: set[str] = {*STEP_FIELDS, "no", "status"}
    for kinded in context.step_kinds(no, LETTER):
        lines += _numbers(no, kinded, _at(old, kinded.path), _at(new, kinded.path), context)
        said.add(kinded.path)
    for kinded in context.step_kinds(no, *SIGNATURE_KINDS):
        label = _label(kinded).lower()
        lines += _signature(no, label, _at(old, kinded.path), _at(new, kinded.path), context)
        said.add(kinded.path)
    # everything else, a new record's too: its budget, instructions, notes
    rest_old, rest_new = _without(old, said), _without(new, said)
    lines += [f"langkah {no}: {line}" for line in _capped(_generic(rest_old, rest_new, ""))]
    return lines


def _shown_pair(key: str, old: Any, new: Any, context: _Context) -> tuple[str, str] | None:
    """How a step's own field reads: a person by name, a moment or a date written out."""
    if key == "oleh":
        return context.person(old), context.person(new)
    if key in ("mulai", "selesai", "rencana"):
        return _moment(old, context.zone), _moment(new, context.zone)
    return None


def _told(step: Mapping[str, Any]) -> set[str]:
    """The fields a status line already shows in its parentheses."""
    status = step.get("status")
    return {"selesai" if status == "selesai" else "mulai" if status == "berjalan" else "", "oleh"} - {""}


def _at(data: Any, path: str) -> Any:
    for key in path.split("."):
        data = data.get(key) if isinstance(data, Mapping) else None
    return data


def _without(data: Mapping[str, Any], paths: set[str]) -> dict[str, Any]:
    """The data with the values at dotted `paths` taken out (their sentences are said already)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        inner = {p.partition(".")[2] for p in paths if p.partition(".")[0] == key and "." in p}
        if key in paths:
            continue
        if inner and isinstance(value, Mapping):
            value = _without(value, inner)
            if not value:  # nothing but what was said
                continue
        out[key] = value
    return out


def _label(kinded: Kinded) -> str:
    title = kinded.node.get("title")
    return str(title) if title else kinded.path.rpartition(".")[2].replace("_", " ")


def _when_who(step: Mapping[str, Any], context: _Context) -> str:
    status = step.get("status")
    moment = step.get("selesai") if status == "selesai" else step.get("mulai") if status == "berjalan" else None
    parts = [_moment(moment, context.zone)] if moment else []
    if step.get("oleh"):
        parts.append(f"oleh {context.person(step.get('oleh'))}")
    return f" ({', '.join(parts)})" if parts else ""


def _numbers(no: Any, kinded: Kinded, old: Any, new: Any, context: _Context) -> list[str]:
    """`nomor Surat Undangan diisi: 500.15.4/12/BLK/2024`, then any other change of the letter
    (the numbers of a letter sent per addressee) leaf by leaf."""
    name = context.letter_name(kinded)
    a = old if isinstance(old, Mapping) else {}
    b = new if isinstance(new, Mapping) else {}
    lines = _filled(f"nomor {name}", a.get(NUMBER), b.get(NUMBER))
    lines += _filled(
        f"tanggal {name}",
        _day(a.get(DATE)) if a.get(DATE) else None,
        _day(b.get(DATE)) if b.get(DATE) else None,
    )
    rest = _generic(_without(a, {NUMBER, DATE}), _without(b, {NUMBER, DATE}), kinded.path)
    return lines + [f"langkah {no}: {line}" for line in rest]


def _filled(label: str, old: Any, new: Any) -> list[str]:
    if old == new:
        return []
    if old is None:
        return [f"{label} diisi: {_show(new)}"]
    if new is None:
        return [f"{label} dihapus (sebelumnya {_show(old)})"]
    return [f"{label} diubah: {_show(old)} → {_show(new)}"]


def _signature(no: Any, label: str, old: Any, new: Any, context: _Context) -> list[str]:
    def text(value: Any) -> str | None:
        if not isinstance(value, Mapping):
            return None if value is None else _show(value)
        when = f" ({_moment(value.get('waktu'), context.zone)})" if value.get("waktu") else ""
        return f"{context.person(value.get('oleh'))}{when}"

    return [f"langkah {no}: {line}" for line in _filled(label, text(old), text(new))]


def _generic(old: Any, new: Any, path: str) -> Iterator[str]:
    """Leaf-level differences of any two values, with dotted paths."""
    if old == new:
        return
    if old is None and isinstance(new, (Mapping, list)) and new:
        old = {} if isinstance(new, Mapping) else []
    if new is None and isinstance(old, (Mapping, list)) and old:
        new = {} if isinstance(old, Mapping) else []
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in list(dict.fromkeys([*old, *new])):
            yield from _generic(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
    elif isinstance(old, list) and isinstance(new, list) and _keyed(old + new):
        ident = _keyed(old + new)
        a = {x.get(ident): x for x in old}
        b = {x.get(ident): x for x in new}
        for key in list(dict.fromkeys([*a, *b])):
            yield from _generic(a.get(key), b.get(key), f"{path}[{key}]")
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (x, y) in enumerate(zip(old, new, strict=True)):
            yield from _generic(x, y, f"{path}[{i + 1}]")
    elif isinstance(old, list) and isinstance(new, list):
        yield f"{path}: {len(old)} → {len(new)} butir"
        kept = [_item(x) for x in new]
        gone = [_item(x) for x in old]
        for item in [x for x in gone if x not in kept]:
            yield f"{path}: butir dihapus: {item}"
        for item in [x for x in kept if x not in gone]:
            yield f"{path}: butir ditambahkan: {item}"
    else:
        yield _scalar_line(path, old, new)


MONEY_KEYS = (TOTAL, "harga", "biaya", "nilai", "pagu")


def _item(value: Any) -> str:
    """One list item on one line: `uraian: Honorarium instruktur, jumlah: Rp4.500.000,00`."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_money_or_show(str(k), v)}" for k, v in value.items())
    return _show(value)


def _money_or_show(label: str, value: Any) -> str:
    key = label.rsplit(".", 1)[-1].split("[", 1)[0]
    if key in MONEY_KEYS and isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15:
        return money(value)
    return _show(value) if not isinstance(value, (Mapping, list)) else _short(value)


def _keyed(items: list[Any]) -> str | None:
    """Lists of mappings identified by `id` or `no` are compared item by item."""
    for ident in ("id", "no"):
        if items and all(isinstance(x, Mapping) and ident in x for x in items):
            values = [x[ident] for x in items]
            if all(isinstance(v, (str, int)) for v in values):
                return ident
    return None


def _capped(lines: Iterator[str]) -> list[str]:
    """Every line: a reviewer approves what was shown, so nothing is cut."""
    return list(lines)


def _scalar_line(label: str, old: Any, new: Any, shown: tuple[str, str] | None = None) -> str:
    if shown is None and (_money_or_show(label, old) != _show(old) or _money_or_show(label, new) != _show(new)):
        shown = (_money_or_show(label, old), _money_or_show(label, new))
    if old is None:
        return f"{label} diisi: {shown[1] if shown else _show(new) if isinstance(new, str) else _short(new)}"
    if new is None:
        return f"{label} dihapus"
    if isinstance(old, str) and isinstance(new, str) and (_long(old) or _long(new)):
        return f"{label} diubah: {_words(old, new)}"
    if _long(old) or _long(new):
        return f"{label} diubah"
    a, b = shown or (_show(old), _show(new))
    return f"{label}: {a} → {b}"


def _words(old: str, new: str) -> str:
    """The words a long text gained and lost, in order: `+«…» −«…»`."""
    a, b = old.split(), new.split()
    added, removed = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed.append(" ".join(a[i1:i2]))
        if op in ("insert", "replace"):
            added.append(" ".join(b[j1:j2]))
    parts = [f"+«{x}»" for x in added] + [f"−«{x}»" for x in removed]
    return " ".join(parts) or "hanya spasi"


def _long(value: Any) -> bool:
    return isinstance(value, (Mapping, list)) or len(_show(value)) > LONG


def _short(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"{len(value)} isian"
    if isinstance(value, list):
        return f"{len(value)} butir"
    text = _show(value)
    return text if len(text) <= LONG else text[: LONG - 1] + "…"


def _show(value: Any) -> str:
    if value is None:
        return "(kosong)"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return " ".join(str(value).split())


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _day(value: Any) -> str:
    try:
        return long_date(parse_date(value))
    except (TypeError, ValueError):
        return _show(value)


def _moment(value: Any, zone_name: str) -> str:
    """`30 Januari 2024 10.15 WIB` (records write office time: WIB, WITA or WIT), or `30 Januari 2024`
    for a bare date."""
    try:
        moment = parse_moment(value)
    except (TypeError, ValueError, AttributeError):
        return _show(value)
    if isinstance(value, str) and " " not in value.strip():
        return long_date(moment.date())
    return f"{long_date(moment.date())} {moment:%H.%M} {zone_name}"
