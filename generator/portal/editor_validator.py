"""The files of the form's validator, published under ubah/validator/ by `jejak build`:

- pyodide/: Pyodide's core (npm package `pyodide`, installed by `npm ci`);
- wheels/: the pure-Python wheels the validator imports (vendor/validator/, written by
  `make install` through scripts/validator-wheels);
- kode-dan-data.zip: the validator's own Python code (kode/) and a copy of what it checks against
  (data/: the SOPs and schemas, every record, the office's logo and Word templates), plus the
  build's verdict on every attachment file (form_check.MANIFEST), since the scans are not copied;
- manifest.json: what the worker loads, with sizes.

Nothing here is committed: all of it is made again at every build. Without the Pyodide package or
the wheels the form works as before and says that it cannot check (manifest.json then says why).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import generator
from generator.portal.form_check import MANIFEST
from generator.records.attachments import judge, references
from generator.records.workspace import OFFICE_FILE, Workspace, event_files

SITE_DIR = "ubah/validator"
PYODIDE = Path("node_modules/pyodide")
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
WHEELS = Path("vendor/validator")
BUNDLE = "kode-dan-data.zip"
CODE = Path(generator.__file__).resolve().parent
# The validator's code: generator/records/ and what it imports, and the portal's form_check.
CODE_FILES = (
    "*.py",
    "records/*.py",
    "portal/__init__.py",
    "portal/editor_fields.py",
    "portal/form_check.py",
)
ATTACHMENT_FOLDER = "lampiran"  # where the form uploads (editor.py `media_folder`)
STAMP = (1980, 1, 1, 0, 0, 0)  # every entry of the zip: the same bytes for the same repository


def validator_files(root: Path, workspace: Workspace, places: tuple[Path, ...]) -> list[tuple[str, dict[str, Any]]]:
    """(site path, File.generated keyword arguments) of the validator's files; only manifest.json
    (saying what is missing) when Pyodide or the wheels are not installed."""
    base = next((p for p in places if (p / PYODIDE / "pyodide.asm.wasm").is_file()), None)
    wheels = next((p / WHEELS for p in places if (p / WHEELS / "wheels.json").is_file()), None)
    if base is None or wheels is None:
        missing = {"tersedia": False, "sebab": "paket pemeriksa (Pyodide dan wheel-nya) belum dipasang: make install"}
        return [(f"{SITE_DIR}/manifest.json", {"content": json.dumps(missing, ensure_ascii=False)})]
    listing = json.loads((wheels / "wheels.json").read_text(encoding="utf-8"))
    bundle = repository_bundle(root, workspace)
    files: list[tuple[str, dict[str, Any]]] = [
        (f"{SITE_DIR}/pyodide/{name}", {"abs_src_path": str(base / PYODIDE / name)}) for name in PYODIDE_FILES
    ]
    files += [(f"{SITE_DIR}/wheels/{w['file']}", {"abs_src_path": str(wheels / w["file"])}) for w in listing]
    files.append((f"{SITE_DIR}/{BUNDLE}", {"content": bundle}))
    sizes = {name: (base / PYODIDE / name).stat().st_size for name in PYODIDE_FILES}
    manifest = {
        "tersedia": True,
        "pyodide": sizes,
        "wheels": {w["file"]: w["bytes"] for w in listing},
        "bundle": {BUNDLE: len(bundle)},
        "bytes": sum(sizes.values()) + sum(w["bytes"] for w in listing) + len(bundle),
    }
    files.append((f"{SITE_DIR}/manifest.json", {"content": json.dumps(manifest, indent=1)}))
    return files


def repository_bundle(root: Path, workspace: Workspace) -> bytes:
    """kode/ (the validator's Python code) and data/ (what it checks against), as one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in sorted(_entries(root, workspace)):
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, data)
    return out.getvalue()


def _entries(root: Path, workspace: Workspace) -> Iterator[tuple[str, bytes]]:
    for pattern in CODE_FILES:
        for path in CODE.glob(pattern):
            yield f"kode/generator/{path.relative_to(CODE).as_posix()}", path.read_bytes()
    for path in _data_files(root, workspace):
        yield f"data/{path.relative_to(root).as_posix()}", path.read_bytes()
    yield f"data/{MANIFEST}", json.dumps(attachment_verdicts(root, workspace), ensure_ascii=False).encode("utf-8")


def _data_files(root: Path, workspace: Workspace) -> list[Path]:
    """Schemas and SOPs, the office record and every record, and the files the office names."""
    found = {p for p in (root / "schema").rglob("*") if p.is_file() and p.suffix in (".json", ".yaml")}
    found |= {root / OFFICE_FILE, *event_files(root)}
    office = workspace.office
    if office is not None:
        named = [office.letterhead.logo, *office.letters.get("templat_docx", {}).values()]
        found |= {root / name for name in named if name and (root / name).is_file()}
    real = root.resolve()
    return sorted(p for p in found if p.is_file() and p.resolve().is_relative_to(real))


def attachment_verdicts(root: Path, workspace: Workspace) -> dict[str, list[Any]]:
    """The validator's verdict on every attachment a record names and every file under lampiran/."""
    written = {
        w
        for event in workspace.events
        if event.sop in workspace.sops
        for _, w, _, _ in references(event, workspace.sops[event.sop])
    }
    uploads = root / ATTACHMENT_FOLDER
    if uploads.is_dir():
        written |= {p.relative_to(root).as_posix() for p in uploads.rglob("*") if p.is_file()}
    real = root.resolve()
    return {name: list(judge(name, root, real)) for name in sorted(written)}
