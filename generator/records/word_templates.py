"""The office's Word templates (`naskah.templat_docx`): each must name a document an SOP makes
and a .docx in the repository that carries nothing active.

A Word file is a zip of XML parts, and much in it acts on whoever opens it: macros, OLE and
ActiveX objects, a document template fetched from a web address (`attachedTemplate`), pictures
and text pulled in from outside (INCLUDEPICTURE/INCLUDETEXT fields, linked images), whole
other documents (altChunk, subDoc), mail merge sources. A template is copied into every
letter Jejak publishes, so it is judged by a whitelist: known parts, content types,
relationship kinds, the fields PAGE/NUMPAGES/SECTIONPAGES/SECTION, no address outside, no
DTD, no person's name (tracked changes, comments), and bounds on size, part count and
unpacked size (a zip bomb stops at the bound, not at 3 GB). Document properties are not
refused: the writer drops them and writes its own.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.problem import ERROR, Problem
from generator.records.model import Office, Sop
from generator.records.schema_check import did_you_mean

MAX_FILE = 4 * 1024 * 1024
MAX_PARTS = 100
MAX_PART = 8 * 1024 * 1024
MAX_UNPACKED = 16 * 1024 * 1024
MAX_PIXELS = 25_000_000
MAX_PROBLEMS = 8
FIELDS = frozenset(("PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAIN_TYPES = frozenset(
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    )
)
KEPT = re.compile(
    r"^(\[Content_Types\]\.xml|_rels/\.rels|word/(document|styles|stylesWithEffects|settings|webSettings|fontTable"
    r"|numbering|footnotes|endnotes|(header|footer)\d{1,3}|theme/theme\d{1,3})\.xml"
    r"|word/_rels/(document|settings|footnotes|endnotes|(header|footer)\d{1,3})\.xml\.rels"
    r"|word/theme/_rels/theme\d{1,3}\.xml\.rels"
    r"|word/media/[A-Za-z0-9_.-]{1,64}\.(png|jpe?g|gif))$"
)
DROPPED = re.compile(r"^(docProps/|customXml/|word/glossary/|word/people\.xml$)")
RELATION_KINDS = frozenset(
    "officeDocument core-properties extended-properties custom-properties metadata/core-properties "
    "metadata/thumbnail styles stylesWithEffects settings webSettings fontTable theme numbering header footer "
    "footnotes endnotes image customXml glossaryDocument people".split()
)
ACTIVE_PARTS = (  # (pattern, what it is): named in the message
    (re.compile(r"vbaProject|vbaData|\.bin$", re.I), "makro (VBA) atau data biner"),
    (re.compile(r"activeX", re.I), "kontrol ActiveX"),
    (re.compile(r"embeddings/|oleObject", re.I), "objek tersemat (OLE)"),
    (re.compile(r"afchunk|altchunk", re.I), "isi dari berkas lain (altChunk)"),
    (re.compile(r"comments", re.I), "komentar (dengan nama penulisnya)"),
)
ACTIVE_ELEMENTS = {
    "altChunk": "isi dari berkas lain (altChunk)",
    "subDoc": "subdokumen dari berkas lain",
    "object": "objek tersemat (OLE)",
    "control": "kontrol ActiveX",
    "OLEObject": "objek tersemat (OLE)",
    "attachedTemplate": "templat lampiran (attachedTemplate) yang dimuat dari tempat lain",
    "mailMerge": "sumber data surat massal (mail merge)",
    "dataBinding": "isian yang terikat data XML tersembunyi",
    "linkedContent": "isi tertaut",
}
URL_ATTRIBUTES = frozenset(("href", "src", "link", "action", "target", "dde", "connection", "source"))
OUTSIDE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|\\\\|//)", re.I)
HINT_ACTIVE = (
    "buka templat di Word, hapus bagian itu, lalu simpan sebagai 'Dokumen Word (*.docx)'; "
    "atau unduh ulang templat dari SRIKANDI"
)


class TemplateRefused(ValueError):
    """A template Jejak will not open or copy; args: (message, hint)."""


@dataclass(frozen=True)
class Inspected:
    parts: dict[str, bytes]  # the parts kept, unpacked, in the template's order
    problems: tuple[tuple[str, str], ...]  # (message, hint)


def read_template(root: Path, named: str) -> bytes:
    """The bytes of the template `named` (a path from the repository root), bounded; ValueError otherwise."""
    base = root.resolve()
    path = (base / named).resolve()
    if not path.is_relative_to(base) or path.suffix.lower() != ".docx":
        raise ValueError(f"templat Word '{named}' harus berkas .docx di dalam folder repositori")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"templat Word '{named}' bukan berkas biasa")
        if info.st_size > MAX_FILE:
            raise ValueError(f"templat Word '{named}' terlalu besar ({info.st_size // 1024} KiB; paling besar 4 MiB)")
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise ValueError(f"templat Word '{named}' tidak dapat dibuka: {exc.strerror or exc}") from None


def usable_template(named: str, data: bytes) -> dict[str, bytes]:
    """The kept parts of a template that passes every check; ValueError naming the first problem."""
    found = inspect_template(data)
    if found.problems:
        message, hint = found.problems[0]
        raise TemplateRefused(f"templat Word '{named}' {message}; {hint}")
    return found.parts


@lru_cache(maxsize=8)
def inspect_template(data: bytes) -> Inspected:
    """Every reason the template is refused (with a hint), and the parts Jejak keeps."""
    problems: list[tuple[str, str]] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Inspected({}, (("bukan berkas Word (.docx) yang utuh", "simpan ulang templat dari Word atau SRIKANDI"),))
    bounds = _bounds(entries, len(data))
    if bounds:
        return Inspected({}, (bounds,))
    parts: dict[str, bytes] = {}
    for entry in entries:
        name = entry.filename
        if DROPPED.match(name) or name.endswith("/"):
            continue
        if not KEPT.match(name):
            problems.append((f"memuat {_kind_of(name)} ({name})", HINT_ACTIVE))
            continue
        try:
            with archive.open(entry) as handle:
                parts[name] = handle.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            return Inspected({}, (("rusak: sebagian isinya tidak dapat dibaca", "simpan ulang templat dari Word"),))
    from generator.records.word_template_parts import check_parts

    problems += check_parts(parts)
    if "word/document.xml" in parts and not problems and b"{{isi}}" not in _text_of(parts["word/document.xml"]):
        problems.append(("tidak memuat penanda {{isi}}", "tambahkan paragraf berisi {{isi}} saja di tempat isi surat"))
    return Inspected(parts, tuple(dict.fromkeys(problems))[:MAX_PROBLEMS])


def _bounds(entries: list[zipfile.ZipInfo], size: int) -> tuple[str, str] | None:
    hint = "templat SRIKANDI biasanya di bawah 1 MiB; simpan ulang tanpa gambar besar atau bagian yang tidak dipakai"
    if size > MAX_FILE:
        return f"terlalu besar ({size // 1024} KiB; paling besar {MAX_FILE // 1048576} MiB)", hint
    if len(entries) > MAX_PARTS:
        return f"terdiri atas terlalu banyak bagian ({len(entries)}; paling banyak {MAX_PARTS})", hint
    names = [e.filename for e in entries]
    if len({n.lower() for n in names}) != len(names):
        return "memuat dua bagian bernama sama", "simpan ulang templat dari Word"
    if any(n.startswith("/") or ".." in n.split("/") or "\\" in n for n in names):
        return "memuat bagian dengan jalur di luar berkas", "simpan ulang templat dari Word"
    if any(e.flag_bits & 1 for e in entries) or any(
        e.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for e in entries
    ):
        return "terkunci kata sandi atau dimampatkan dengan cara yang tidak dikenal", "simpan ulang tanpa kata sandi"
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED or any(e.file_size > MAX_PART for e in entries):
        return (
            f"mengembang menjadi {unpacked // 1048576} MiB saat dibuka (paling besar {MAX_UNPACKED // 1048576} MiB; "
            "bom zip?)",
            hint,
        )
    return None


def _kind_of(name: str) -> str:
    return next((what for pattern, what in ACTIVE_PARTS if pattern.search(name)), "bagian yang tidak dikenal")


def _text_of(document: bytes) -> bytes:
    """The visible text of document.xml roughly (tags removed): enough to find a marker split over runs."""
    return re.sub(rb"<[^>]*>", b"", document)


# --- validation ------------------------------------------------------------------------


def check_word_templates(office: Office, sops: list[Sop], rel: str) -> list[Problem]:
    """`naskah.templat_docx`: each names a document an SOP makes and a .docx in the repository
    that passes `inspect_template`; every problem points at the template's line in kantor.yaml."""
    templates = office.letters.get("templat_docx", {})
    known = sorted({d.id for sop in sops for d in sop.documents})
    root = office.source.path.resolve().parent.parent  # records/kantor.yaml -> the repository
    problems: list[Problem] = []
    for doc_id, name in templates.items():
        where = office.source.where("naskah", "templat_docx", doc_id)
        if doc_id not in known:
            hint = did_you_mean(doc_id, known) or f"dokumen yang ada: {', '.join(known)}"
            problems.append(Problem(rel, *where, ERROR, f"dokumen '{doc_id}' tidak ada di SOP", hint, "templat-docx"))
            continue
        path = (root / str(name)).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            problems.append(
                Problem(
                    rel,
                    *where,
                    ERROR,
                    f"templat Word '{name}' tidak ditemukan di repositori",
                    "simpan berkas .docx unduhan SRIKANDI di repositori, misalnya site_templates/docx/, "
                    "lalu tulis jalurnya dari folder repositori",
                    "templat-docx",
                )
            )
            continue
        problems += _template_problems(rel, where, str(name), root)
    return problems


def _template_problems(rel: str, where: tuple[int, int], name: str, root: Path) -> list[Problem]:
    try:
        data = read_template(root, name)
    except ValueError as exc:
        return [Problem(rel, *where, ERROR, str(exc), "pakai berkas .docx biasa di dalam repositori", "templat-docx")]
    return [
        Problem(rel, *where, ERROR, f"templat Word '{name}' {message}", hint, "templat-docx")
        for message, hint in inspect_template(data).problems
    ]
