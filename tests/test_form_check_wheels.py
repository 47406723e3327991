"""The form's validator with nothing but what the browser gets: Python's standard library, the
published wheels (vendor/validator/, scripts/validator-wheels keeps their list by hand) and the
code-and-data zip, in an isolated interpreter (-I -S: no site-packages, no PYTHONPATH). A package
the validator imports but the wheel list forgot fails here, natively, not only in Pyodide."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from conftest import REPO

from generator.portal import editor_validator, form_check
from generator.records.workspace import load_workspace

BAD = REPO / "tests" / "bad_records"
WHEELS = REPO / editor_validator.WHEELS
CASES = ["2024-jadwal-terbalik", "2024-tempel-word", "2024-nomor-ganda", "2024-wilayah"]

CHECK = """
import json, sys
kode, site, data, bad, names = sys.argv[1:6]
sys.path[:0] = [kode, site]
from generator.portal import form_check
form_check.start(data)
answers = {}
for name in names.split(","):
    text = open(f"{bad}/{name}.yaml", encoding="utf-8").read()
    answers[name] = json.loads(form_check.check(data, f"records/2024/{name}.yaml", text))["problems"]
files = sorted({m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)})
print(json.dumps({"answers": answers, "files": files}))
"""


def test_the_validator_runs_with_only_the_published_wheels(project: Path, tmp_path: Path):
    listing = json.loads((WHEELS / "wheels.json").read_text(encoding="utf-8"))
    site = tmp_path / "wheels"
    for wheel in listing:
        zipfile.ZipFile(WHEELS / wheel["file"]).extractall(site)
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(io.BytesIO(editor_validator.repository_bundle(project, load_workspace(project)))).extractall(
        unpacked
    )
    kode, data = unpacked / "kode", unpacked / "data"
    args = [str(kode), str(site), str(data), str(BAD), ",".join(CASES)]
    run = subprocess.run([sys.executable, "-I", "-S", "-c", CHECK, *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)

    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    allowed = (stdlib, kode.resolve(), site.resolve())
    outside = [f for f in found["files"] if not any(Path(f).resolve().is_relative_to(a) for a in allowed)]
    assert outside == [], "imported from outside the standard library, the wheels and the code zip"
    assert any("/yaml/" in f for f in found["files"]) and not any("_yaml" in Path(f).name for f in found["files"])

    form_check.start(str(data))  # the same checks in this process, with every installed package
    try:
        for name in CASES:
            text = (BAD / f"{name}.yaml").read_text(encoding="utf-8")
            here = json.loads(form_check.check(str(data), f"records/2024/{name}.yaml", text))["problems"]
            assert found["answers"][name] == here, name
            assert here, name
    finally:
        form_check.stop()
