"""The portal and `jejak serve` for office staff, without a browser: the field reference made at
build time, merges shown by what they approved, serve's log and busy port in Indonesian."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, REPO

from generator.cli.main import main
from generator.cli.serve_log import indonesian
from generator.portal.field_reference import _leaves
from generator.portal.merge_subject import readable_subject
from generator.portal.searchable import separate_cells
from generator.portal.site import build_site
from generator.records.workspace import load_workspace


def test_table_cells_and_lines_are_separate_words_for_the_search_index():
    html = "<tr><td>Kabupaten Lahat</td><td>Siti Aminah<br>Dewi</td></tr><ul><li>a</li><li>b</li></ul>"
    assert separate_cells(html) == (
        "<tr><td>Kabupaten Lahat</td> <td>Siti Aminah<br> Dewi</td> </tr><ul><li>a</li> <li>b</li> </ul>"
    )


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        ("Merge pull request #1 from rina/usulan-kuota", "Usulan #1 digabungkan: Pelatihan Las"),
        ("Merge branch 'usulan-kuota' into 'main'", "Usulan digabungkan: Pelatihan Las"),
        ("Merge branch 'usulan-kuota'", "Usulan digabungkan: Pelatihan Las"),
        ("Merge remote-tracking branch 'origin/main'", "Usulan digabungkan: Pelatihan Las"),
        ("Langkah 6 selesai: undangan dikirim", "Langkah 6 selesai: undangan dikirim"),
        ("Merge the two lists by hand", "Merge the two lists by hand"),
    ],
)
def test_a_hosts_merge_subject_is_shown_as_what_it_approved(subject: str, shown: str):
    assert readable_subject(subject, ["Pelatihan Las", "Pelatihan Las"]) == shown


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("Building documentation...", "Membangun portal..."),
        ("Documentation built in 0.79 seconds", "Portal selesai dibangun dalam 0.79 detik"),
        ("[17:27:45] Serving on http://127.0.0.1:8000/", "[17:27:45] Portal tersaji di http://127.0.0.1:8000/"),
        ("[17:28:00] Detected file changes", "[17:28:00] Ada berkas yang berubah"),
        ("Aborted with a BuildError!", "Pembangunan dihentikan karena galat"),
        ("something MkDocs says rarely", "something MkDocs says rarely"),
    ],
)
def test_serve_log_lines_in_indonesian(line: str, said: str):
    assert indonesian(line) == said


def test_serve_on_a_busy_port_says_so_and_how_to_choose_another(project: Path, capsys: pytest.CaptureFixture[str]):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--repo", str(project), "--alamat", f"127.0.0.1:{port}"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err == [
        f"jejak: galat: port {port} di 127.0.0.1 sedang dipakai program lain; pratinjau tidak dapat dimulai",
        "  saran: hentikan program yang memakai port itu (mungkin `jejak serve` atau `make portal` lain yang masih "
        f"berjalan), atau pilih port lain: `make portal ADDR=127.0.0.1:{port + 2}` atau "
        f"`jejak serve --alamat 127.0.0.1:{port + 2}`",  # the next port is the form editor's
    ]


def test_make_portal_checks_the_port_before_building(project: Path, capsys: pytest.CaptureFixture[str]):
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nportal:")[1].split("\n\n")[0]
    assert recipe.index("--periksa-alamat") < recipe.index("$(JEJAK) build")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    assert main(["serve", "--repo", str(project), "--alamat", f"127.0.0.1:{port}", "--periksa-alamat"]) == 0
    assert capsys.readouterr().out == ""  # nothing served, nothing built


def test_every_record_field_has_a_meaning_in_the_schema(sample_workspace):
    schema = sample_workspace.schemas["penyelenggaraan-pelatihan"]
    missing = [".".join(path) for path, node, *_ in _leaves(schema, schema, ()) if not node.get("description")]
    assert missing == []


def test_the_field_reference_is_generated_with_every_field_its_step_and_an_example(project: Path):
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    page = (site / "panduan" / "isian" / "index.html").read_text(encoding="utf-8")
    schema = load_workspace(project, now=NOW).schemas["penyelenggaraan-pelatihan"]
    for path, _node, *_ in _leaves(schema, schema, ()):
        shown = ".<wbr>".join(p for p in (path[2:] if path[:2] == ("langkah", "[]") else path)).replace(
            ".<wbr>[]", "[]"
        )
        assert f"<code>{shown}</code>" in page, path
    assert "Langkah 4: Membuat konsep undangan" in page
    row = page[page.index("<code>surat.<wbr>undangan.<wbr>hal</code>") :].split("</tr>")[0]
    assert "Hal (perihal) surat undangan" in row and "(wajib bila langkah selesai)" in row
    label = page[: page.index("<code>surat.<wbr>undangan.<wbr>hal</code>")].rsplit("<tr>", 1)[1]
    assert "Surat › Undangan › Hal" in label  # the form's own words first, the YAML path beside them
    assert "Undangan Pengiriman Calon Peserta" in row  # the example comes from a record
    assert 'href="../isian/"' in (site / "panduan" / "menulis" / "index.html").read_text(encoding="utf-8")


def git(cwd: Path, *args: str, who: str = "rina.wulandari") -> None:
    name = who.replace(".", " ").title()
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": f"{who}@pagaralam.example", "PATH": "/usr/bin:/bin"}
    env |= {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": f"{who}@pagaralam.example", "HOME": str(cwd)}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_the_audit_page_shows_a_merge_by_the_event_it_approved(project: Path):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Catatan awal")
    git(project, "switch", "-q", "-c", "usulan")
    record = project / "records" / "2027" / "2027-tata-rias-1.yaml"
    for old, new, message in (("kuota: 16", "kuota: 18", "Kuota 18"), ("kuota: 18", "kuota: 20", "Kuota 20")):
        record.write_text(record.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        git(project, "commit", "-q", "-am", message)
    git(project, "switch", "-q", "main")
    git(
        project, "merge", "-q", "--no-ff", "-m", "Merge pull request #7 from rina/usulan", "usulan", who="yusuf.hidayat"
    )
    audit = (build_site(project, project / "site", pdf=False, now=NOW).site_dir / "audit" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Usulan #7 digabungkan: Pelatihan Tata Rias Wajah Angkatan I" in audit
    assert "Merge pull request" not in audit


def test_python_runs_the_serve_module_for_the_browser_test():
    # The browser test starts `python -m generator.cli serve`; its help must say what it does.
    out = subprocess.run(
        [sys.executable, "-m", "generator.cli", "serve", "-h"], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert "--alamat HOST:PORT" in out
