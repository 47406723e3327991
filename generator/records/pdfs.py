"""PDF attachments the portal publishes (issue 21): never the bytes as uploaded.

A PDF can carry what runs when it is opened (JavaScript, a Launch of a program, an OpenAction or
additional actions, links that leave the file, forms that send data, embedded files), and its
document information and XMP metadata (author, subject, the tools that made it, custom keys) carry
personal data. A PDF with active content is refused; a clean one is published as a copy written
again without any metadata. The record's own file is never modified. Names are read as pypdf
decodes them (`/J#61vaScript` is `/JavaScript`), objects inside compressed object streams included.
"""

from __future__ import annotations

import io
import logging

from generator.records.images import ImageRefused

MAX_OBJECTS = 200_000  # a 10 MiB scan holds a few thousand
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/OpenAction": "aksi yang berjalan saat dibuka (OpenAction)",
    "/AA": "aksi otomatis (AA)",
    "/EmbeddedFiles": "berkas sisipan",
    "/EmbeddedFile": "berkas sisipan",
    "/RichMedia": "media aktif (RichMedia)",
    "/XFA": "formulir XFA",
}
ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "perintah menjalankan program (Launch)",
    "/URI": "tautan ke luar berkas (URI)",
    "/SubmitForm": "formulir yang mengirim data (SubmitForm)",
    "/ImportData": "impor data (ImportData)",
    "/GoToR": "tautan ke berkas lain (GoToR)",
    "/GoToE": "tautan ke berkas sisipan (GoToE)",
    "/Rendition": "pemutar media (Rendition)",
    "/Sound": "suara (Sound)",
    "/Movie": "video (Movie)",
}
METADATA_KEYS = ("/Metadata", "/PieceInfo")  # XMP on any object; applications' private data


def clean_pdf(data: bytes) -> bytes:
    """The PDF written again without metadata; ImageRefused (Indonesian) for active content or a
    file that cannot be read."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about sloppy files are not ours to print
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ImageRefused("PDF terkunci dengan kata sandi atau enkripsi")
        why = active_content(reader.trailer)
        if why:
            raise ImageRefused(f"PDF memuat {why}; isi aktif tidak diterbitkan")
        writer = PdfWriter(clone_from=reader)
        _strip(writer)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except ImageRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise ImageRefused(f"PDF tidak dapat dibaca ({type(exc).__name__})") from None


def active_content(trailer: object) -> str | None:
    """What active content the file holds, walking every object reachable from its trailer."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack, seen, count = [trailer], set(), 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        count += 1
        if count > MAX_OBJECTS:
            return f"lebih dari {MAX_OBJECTS} objek"
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in ACTIVE_KEYS:
                    return ACTIVE_KEYS[key]
                if key == "/S" and value in ACTIVE_ACTIONS:
                    return ACTIVE_ACTIONS[value]
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return None


def _strip(writer: object) -> None:
    """No document information, no XMP, no private application data, anywhere in the file: the keys
    go, and every object no longer reachable from the catalog (the information dictionary itself,
    XMP streams) is written as null."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NullObject

    writer._info = None  # type: ignore[attr-defined]  # the trailer's /Info, with every custom key
    objects = writer._objects  # type: ignore[attr-defined]
    for item in objects:
        if isinstance(item, DictionaryObject):
            for key in METADATA_KEYS:
                item.pop(NameObject(key), None)
    catalog = writer._root_object  # type: ignore[attr-defined]
    reachable = {catalog.indirect_reference.idnum}
    stack: list[object] = [catalog]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in reachable:
                continue
            reachable.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    for index in range(len(objects)):
        if index + 1 not in reachable:
            objects[index] = NullObject()
