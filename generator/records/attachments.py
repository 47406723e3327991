"""Attachments of a record: scans of signed letters, receipts, proofs of delivery.

A step lists them as `lampiran: [{berkas: <path>, keterangan: ...}]`; a delivery of step 6
names its proof as `bukti: <path>`. Paths are relative to the repository root, must stay
inside the repository (symbolic links are followed before judging), and the file must be a
PDF, JPEG or PNG by its content, not only by its name, and no larger than MAX_BYTES.
`bukti` may also just say what the proof is ("Resi jasa pengiriman"): only a value that
looks like a file name (one word ending in an extension, or a path) is taken as a file.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.problem import ERROR, Problem
from generator.records.invisible import INVISIBLE, NONCHARACTER
from generator.records.kinds import FILE, REGION, Kinded, occurrences
from generator.records.labels import label
from generator.records.load import KeyPath
from generator.records.model import Event, Sop, StepRecord
from generator.records.privacy import name_problem

MAX_BYTES = 10 * 1024 * 1024
KINDS = {".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
MAGIC = {"PDF": (b"%PDF-",), "JPEG": (b"\xff\xd8\xff",), "PNG": (b"\x89PNG\r\n\x1a\n",)}
# Letters of any script, digits, space and a few marks; no slashes, quotes, brackets or controls.
SAFE_PART = re.compile(r"^[^\W_][\w .()-]*$")
EXTENSION = re.compile(r"[A-Za-z0-9]{0,4}[A-Za-z][A-Za-z0-9]{0,4}")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
HINT_WHERE = "tulis jalur dari akar repositori, misalnya lampiran/2024-menjahit-1/undangan-bertanda-tangan.pdf"


@dataclass(frozen=True)
class Attachment:
    """One attachment an event names, already checked."""

    path: str  # relative to the repository root, forward slashes
    step: int
    description: str  # keterangan, or what the proof is for
    kind: str  # PDF | JPEG | PNG


def references(event: Event, sop: Sop) -> Iterator[tuple[StepRecord, str, str, KeyPath]]:
    """(step, path as written, description, key path inside the step) for every attachment: each
    step's `lampiran`, and every field of kind `berkas` whose value looks like a file name."""
    for step in event.steps:
        for i, item in enumerate(step.data.get("lampiran", ())):
            yield step, item["berkas"], item.get("keterangan", ""), ("lampiran", i, "berkas")
        for kinded in (k for k in sop.of_kind(FILE) if k.step == step.no):
            for keys, value in occurrences(step.data, kinded.path):
                if isinstance(value, str) and file_like(value):
                    yield step, value, _described(kinded, sop, step.data, keys), keys


def _described(kinded: Kinded, sop: Sop, data: Mapping[str, Any], keys: KeyPath) -> str:
    """`Bukti kirim ke Kabupaten Lahat`: the field's label, and the region of its item if it has one."""
    item: Any = data
    for key in keys[:-1]:
        item = item[key]
    parent = kinded.path.rpartition(".")[0]
    beside = [k.path.rpartition(".") for k in sop.of_kind(REGION) if k.step == kinded.step]
    keys_beside = [key for head, _, key in beside if head == parent]
    regions = [item[k] for k in keys_beside if isinstance(item, Mapping) and isinstance(item.get(k), str)]
    title = label(str(keys[-1]), kinded.node)
    return f"{title} ke {regions[0]}" if regions else title


def file_like(text: str) -> bool:
    """One word ending in a 2-5 character extension with a letter, or a path: `resi.jpg`, `./a`.
    (Without a backtracking pattern: this runs on any text a clerk typed.)"""
    if not text or any(c.isspace() for c in text):
        return False
    if text.startswith(("/", "./", "../")):
        return True
    stem, dot, extension = text.rpartition(".")
    return bool(stem and dot) and 2 <= len(extension) <= 5 and EXTENSION.fullmatch(extension) is not None


def check_attachments(event: Event, sop: Sop, root: Path, rel: str) -> tuple[list[Problem], list[Attachment]]:
    """Problems with the event's attachments, and the attachments that are fine."""
    problems: list[Problem] = []
    found: list[Attachment] = []
    real_root: Path | None = None  # resolved once, only for an event that names a file
    for step, written, description, keys in references(event, sop):
        real_root = real_root or root.resolve()
        why, hint, kind = judge(written, root, real_root)
        if why is None:
            found.append(Attachment(PurePosixPath(written).as_posix(), step.no, description, kind))
        else:
            line, column = step.source.where(*keys)
            problems.append(Problem(rel, line, column, ERROR, why, hint, "lampiran"))
    return problems, found


def judge(written: str, root: Path, real_root: Path) -> tuple[str | None, str | None, str]:
    """(what is wrong, how to fix it, kind): what is wrong is None for a good attachment."""
    why, hint = _path_problem(written)
    if why:
        return why, hint, ""
    target = root / written
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"berkas lampiran '{written}' tidak ditemukan", "unggah berkasnya ke repositori, atau " + HINT_WHERE, ""
    if not resolved.is_relative_to(real_root) or ".git" in resolved.relative_to(real_root).parts:
        return (
            f"berkas lampiran '{written}' menunjuk ke luar repositori",
            "simpan salinan berkasnya di dalam repositori, bukan tautan simbolik ke tempat lain",
            "",
        )
    if not resolved.is_file():
        return f"'{written}' bukan berkas", HINT_WHERE, ""
    return _content_problem(written, resolved)


def _path_problem(written: str) -> tuple[str | None, str | None]:
    if "\\" in written or written.startswith("/") or URL.match(written):
        return f"jalur lampiran '{_shown(written)}' harus relatif terhadap akar repositori", HINT_WHERE
    parts = written.split("/")
    if ".." in parts:
        return f"jalur lampiran '{_shown(written)}' tidak boleh memuat '..'", HINT_WHERE
    for part in parts:
        if part in ("", ".") or not SAFE_PART.match(part) or _has_invisible(part):
            return (
                f"nama berkas lampiran '{_shown(written)}' memuat karakter yang tidak diizinkan",
                "pakai huruf, angka, spasi, titik, '-', '_' dan tanda kurung saja, misalnya tanda-terima-lahat.pdf",
            )
    personal = name_problem(written)
    if personal:
        return (
            f"nama berkas lampiran '{_shown(written)}' memuat data pribadi ({personal.message})",
            "ganti nama berkasnya tanpa NIK, nomor telepon atau alamat surel; nama berkas ikut diterbitkan",
        )
    if PurePosixPath(written).suffix.lower() not in KINDS:
        return (
            f"lampiran '{_shown(written)}' harus berupa PDF, JPEG atau PNG",
            "pindai atau simpan ulang berkasnya sebagai .pdf, .jpg atau .png",
        )
    return None, None


def _has_invisible(text: str) -> bool:
    """Zero-width, direction-changing and other format characters hide what a name says; controls and
    non-characters (U+FFFE...) cannot be written into a page or a Word file."""
    if INVISIBLE.search(text) or NONCHARACTER.search(text):
        return True
    return any(unicodedata.category(ch) in ("Cc", "Co", "Cs") for ch in text)


def _shown(written: str) -> str:
    """The path as it can be printed safely: invisible characters made visible."""
    shown = "".join(ch if not _has_invisible(ch) else f"<U+{ord(ch):04X}>" for ch in written)
    return shown if len(shown) <= 120 else shown[:117] + "..."


def _content_problem(written: str, resolved: Path) -> tuple[str | None, str | None, str]:
    kind = KINDS[PurePosixPath(written).suffix.lower()]
    try:
        size = resolved.stat().st_size
        with resolved.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"berkas lampiran '{written}' tidak dapat dibaca: {exc.strerror or exc}", None, ""
    if size > MAX_BYTES:
        return (
            f"berkas lampiran '{written}' terlalu besar ({size / 1024 / 1024:.1f} MiB; "
            f"batas {MAX_BYTES // 1024 // 1024} MiB)",
            "pindai ulang dengan resolusi lebih rendah (150–200 dpi cukup untuk surat)",
            "",
        )
    if not head.startswith(MAGIC[kind]):
        actual = next((k for k, marks in MAGIC.items() if head.startswith(marks)), None)
        what = f"isinya {actual}" if actual else "isinya bukan PDF, JPEG atau PNG"
        return (
            f"berkas lampiran '{written}' berakhiran {PurePosixPath(written).suffix} tetapi {what}",
            "simpan ulang berkasnya dalam format yang sesuai dengan akhiran namanya",
            "",
        )
    from generator.records.images import ImageRefused, published_bytes  # loaded for a record with a file

    try:
        published_bytes(resolved, kind)  # an image is published without its metadata: it must decode
    except ImageRefused as exc:
        hint = (
            "pindai ulang suratnya, atau cetak ulang PDF-nya ke PDF baru (Print to PDF) tanpa tautan, formulir "
            "atau berkas sisipan"
            if kind == "PDF"
            else "pindai atau simpan ulang gambarnya"
        )
        return f"berkas lampiran '{written}' ditolak: {exc}", hint, ""
    except OSError as exc:
        return f"berkas lampiran '{written}' tidak dapat dibaca: {exc.strerror or exc}", None, ""
    return None, None, kind


def attachments_of(event: Event, sop: Sop, root: Path) -> list[Attachment]:
    """The event's attachments that pass every check, in record order (for the portal)."""
    return check_attachments(event, sop, root, "")[1]


# --- the office logo (kantor.yaml kop.logo): copied into the portal and every letter ---------

LOGO_KINDS = {".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
LOGO_MAX_BYTES = 1024 * 1024  # the logo is inlined in every letter and shown on every page


def logo_problem(written: str, root: Path) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for the office logo, or None when it is fine."""
    hint = "simpan logo sebagai berkas SVG, PNG atau JPEG di dalam repositori, misalnya schema/aset/logo-kota.svg"
    suffix = PurePosixPath(written).suffix.lower()
    if "\\" in written or written.startswith("/") or URL.match(written) or ".." in written.split("/"):
        return f"logo '{_shown(written)}' harus berupa jalur relatif di dalam repositori", hint
    if suffix not in LOGO_KINDS or _has_invisible(written):
        return f"logo '{_shown(written)}' harus berupa SVG, PNG atau JPEG", hint
    try:
        resolved = (root / written).resolve(strict=True)
        regular = stat.S_ISREG(resolved.stat().st_mode)
        size = resolved.stat().st_size
    except (OSError, RuntimeError):
        return f"berkas logo '{_shown(written)}' tidak ditemukan", hint
    if not resolved.is_relative_to(root.resolve()) or ".git" in resolved.relative_to(root.resolve()).parts:
        return f"berkas logo '{_shown(written)}' menunjuk ke luar repositori", hint
    if not regular:
        return f"'{_shown(written)}' bukan berkas", hint
    if size > LOGO_MAX_BYTES:
        return (
            f"berkas logo '{_shown(written)}' terlalu besar "
            f"({size / 1024:.0f} KiB; batas {LOGO_MAX_BYTES // 1024} KiB)",
            "perkecil logo (lebar 300-600 piksel cukup untuk kop surat), atau simpan sebagai SVG sederhana",
        )
    kind = LOGO_KINDS[suffix]
    from generator.records.images import ImageRefused, published_bytes  # loaded for an office with a logo

    try:
        with resolved.open("rb") as handle:
            head = handle.read(4096)
        if kind == "SVG" and b"<svg" not in head.lower():
            return f"berkas logo '{_shown(written)}' bukan SVG", hint
        if kind != "SVG" and not head.startswith(MAGIC[kind]):
            return f"berkas logo '{_shown(written)}' berakhiran {suffix} tetapi isinya bukan {kind}", hint
        published_bytes(resolved, kind)
    except ImageRefused as exc:
        return (
            f"logo '{_shown(written)}' ditolak: {exc}",
            "simpan ulang logo sebagai SVG sederhana (misalnya ekspor sebagai 'Plain SVG' tanpa skrip, gaya "
            "atau gambar dari luar), atau pakai PNG",
        )
    except OSError as exc:
        return f"berkas logo '{_shown(written)}' tidak dapat dibaca: {exc.strerror or exc}", hint
    return None


def logo_site_path(written: str) -> str:
    """Where the portal publishes the logo: under its own kind's extension (a PNG is never `.svg`)."""
    return f"assets/logo-kota.{LOGO_KINDS[PurePosixPath(written).suffix.lower()].lower().replace('jpeg', 'jpg')}"


def site_path(code: str, index: int, attachment: Attachment) -> str:
    """Where the portal publishes an attachment: beside the event page, numbered so that two
    scans with the same name from different folders both survive."""
    name = PurePosixPath(attachment.path).name
    if len(name.encode("utf-8")) > 150:  # with the number in front it must still fit in 255 bytes
        suffix = PurePosixPath(name).suffix
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        name = name.encode("utf-8")[:100].decode("utf-8", "ignore").rstrip() + f"-{digest}{suffix}"
    return f"kegiatan/{code}/lampiran/{index}-{name}"
