"""Issue 21, "published anchor inert in CI": the rewritten-history refusal runs where every
build starts from an empty folder, and the acknowledged reason is checked like record text.

The CI files' own shell (the step that restores the last published `jejak-terbitan.json` and
builds) is taken out of each of the four files and run here with bash and dash, against the
previous portal served over HTTP, a cache copy, a 404 and an unreachable portal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import NOW, RECORD, edited, serve_folder

from generator.cli.main import main
from generator.history.demo import GitWriter
from generator.portal.published import PREVIOUS_ENV
from generator.portal.published import RECORD as PUBLISHED
from generator.portal.site import BuildError, build_site

REPO = Path(__file__).resolve().parent.parent
CI_FILES = [".github/workflows/jejak-portal.yml", ".gitea/workflows/jejak.yml", ".forgejo/workflows/jejak.yml"]
CI_FILES += [".gitlab-ci.yml"]
EPOCH = str(int(NOW.timestamp()))  # NOW is naive office time; the machine's zone does not matter here


def start(project: Path) -> GitWriter:
    repo = GitWriter(project)
    repo.init()
    repo.write(".gitignore", "site/\npublic/\n")
    repo.commit("Mulai", "dedi", "2024-01-22 08:00")
    repo.write(RECORD, edited(project, "kuota: 12", "kuota: 13"))
    repo.commit("Kuota", "dedi", "2024-01-23 08:00")
    return repo


def rewrite(repo: GitWriter) -> None:
    repo.git("commit", "-q", "--amend", "-m", "Kuota (ditulis ulang)", author="dedi", when="2024-01-23 09:00")


# --- the reason of --akui-tulis-ulang is published: checked like any record text ----------------


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("Menghapus NIK 1671014501900003 milik peserta", "data pribadi"),
        ("menghapus NIK 1671 0145 0190 0003", "data pribadi"),
        ("nomor HP peserta 0812-3456-7890 dihapus", "data pribadi"),
        ("surel budi.santoso@gmail.com dihapus", "data pribadi"),
        ("surel budi (at) gmail (dot) com dihapus", "data pribadi"),
        ("alasan\u202epanjang", "karakter kendali atau tak terlihat"),
        ("alasan\x1b[31m merah", "karakter kendali atau tak terlihat"),
        ("x" * 301, "terlalu panjang"),
        ("   ", "kosong"),
    ],
)
def test_a_reason_that_would_publish_personal_data_or_hidden_text_is_refused(
    project: Path, tmp_path: Path, reason: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    start(project)
    site = tmp_path / "situs"
    code = main(["build", "--tanpa-pdf", "--keluaran", str(site), "--akui-tulis-ulang", reason, "--repo", str(project)])
    err = capsys.readouterr().err
    assert code == 1 and "jejak: galat: alasan --akui-tulis-ulang" in err and words in err
    assert "\n  saran: tulis alasannya tanpa data pribadi" in err
    assert "1671014501900003" not in err and "Traceback" not in err
    assert not site.exists()  # nothing was built


def test_reasons_carried_from_an_earlier_record_are_masked(project: Path, tmp_path: Path) -> None:
    """An old portal (or a planted record) may carry a reason with personal data: never shown again."""
    start(project)
    site = tmp_path / "situs"
    build_site(project, site, pdf=False, now=NOW)
    record = json.loads((site / PUBLISHED).read_text(encoding="utf-8"))
    record["pengakuan_tulis_ulang"] = [
        {"waktu": "2026-01-01 08.00", "dari": "a" * 40, "ke": "b" * 40, "alasan": "hapus NIK 1671014501900003"}
    ]
    (site / PUBLISHED).write_text(json.dumps(record), encoding="utf-8")
    build_site(project, site, pdf=False, now=NOW)
    page = (site / "audit" / "index.html").read_text(encoding="utf-8")
    assert "hapus NIK [nomor disamarkan]" in page and "1671014501900003" not in page
    assert "1671014501900003" not in (site / PUBLISHED).read_text(encoding="utf-8")


# --- the previous record from outside the output folder (CI) -----------------------------------


def test_previous_record_named_by_the_environment_makes_the_refusal_run_in_an_empty_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = start(project)
    published = tmp_path / "terbit"
    build_site(project, published, pdf=False, now=NOW)
    rewrite(repo)
    monkeypatch.setenv(PREVIOUS_ENV, str(published / PUBLISHED))
    with pytest.raises(BuildError, match="cabang utama ditulis ulang"):
        build_site(project, tmp_path / "kosong", pdf=False, now=NOW)
    assert not (tmp_path / "kosong").exists()


@pytest.mark.parametrize(
    "content",
    [None, b"", b"{", b"[]", b'{"commit": "bukan-hash"}', b'{"commit": "' + b"a" * 40 + b'\\u001b"}'],
)
def test_a_named_previous_record_that_cannot_be_read_is_refused(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None
) -> None:
    """Otherwise a damaged or missing record would silently switch the check off."""
    start(project)
    named = tmp_path / "sebelumnya.json"
    if content is not None:
        named.write_bytes(content)
    monkeypatch.setenv(PREVIOUS_ENV, str(named))
    with pytest.raises(BuildError, match="catatan terbitan sebelumnya") as refused:
        build_site(project, tmp_path / "situs", pdf=False, now=NOW)
    assert "\n  saran: ambil jejak-terbitan.json dari portal yang terbit" in str(refused.value)


# --- the CI files' own shell -------------------------------------------------------------------


def ci_script(name: str) -> str:
    """The restore-and-build shell of one CI file, exactly as the file holds it."""
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    if name == ".gitlab-ci.yml":
        found = [line for line in data["pages"]["script"] if PREVIOUS_ENV in line]
    else:
        steps = [s for job in data["jobs"].values() for s in job["steps"]]
        found = [s["run"] for s in steps if PREVIOUS_ENV in str(s.get("run", ""))]
    (script,) = found
    return script


def run_ci(script: str, repo: Path, home: Path, url: str, shell: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(home),
        "JEJAK_CACHE_DIR": "~/.cache/jejak",  # as the CI files set it: the shell must expand it
        "JEJAK_KUNCI_AUDIT": "kunci-uji",
        "JEJAK_PORTAL_URL": url,
        "KELUARAN": "site",
        "SOURCE_DATE_EPOCH": EPOCH,
        "LC_ALL": "C.UTF-8",
    }
    fast = script.replace("jejak build --keluaran", "jejak build --tanpa-pdf --keluaran")  # PDFs are not the point
    return subprocess.run([shell, "-e", "-c", fast], cwd=repo, env=env, capture_output=True, text=True, check=False)


def test_every_ci_file_restores_the_published_record_before_building() -> None:
    scripts = {name: ci_script(name) for name in CI_FILES}
    assert len(set(scripts.values())) == 1, "the four CI files run the same shell"
    script = scripts[CI_FILES[0]]
    assert script.index("JEJAK_TERBITAN_SEBELUMNYA") < script.index("\njejak build")
    assert "jejak-terbitan.json" in script.rsplit("\njejak build", 1)[1]  # a copy is kept for the next run
    github = yaml.safe_load((REPO / CI_FILES[0]).read_text(encoding="utf-8"))["jobs"]["bangun"]
    build = next(s for s in github["steps"] if PREVIOUS_ENV in str(s.get("run", "")))
    assert build["env"]["JEJAK_PORTAL_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())["pages"]["variables"]["JEJAK_PORTAL_URL"] == (
        "$CI_PAGES_URL"
    )


@pytest.mark.parametrize("shell", ["bash", "dash"])
def test_ci_shell_refuses_a_rewritten_main_in_a_fresh_runner(project: Path, tmp_path: Path, shell: str) -> None:
    repo = start(project)
    script = ci_script(CI_FILES[0])
    home, served = tmp_path / "rumah", tmp_path / "portal-terbit"
    home.mkdir()
    served.mkdir()
    with serve_folder(served) as url:
        first = run_ci(script, project, home, url, shell)  # the first publish: the portal answers 404
        assert first.returncode == 0, first.stderr
        copy = home / ".cache" / "jejak" / "terbitan" / "jejak-terbitan.json"
        assert json.loads(copy.read_text())["commit"] == repo.git("rev-parse", "HEAD").strip()
        (served / PUBLISHED).write_text((project / "site" / PUBLISHED).read_text())  # what was published
        shutil.rmtree(project / "site")  # every CI run starts without the old site
        rewrite(repo)
        fresh = tmp_path / "runner-baru"  # nothing cached: the portal's own record is the anchor
        fresh.mkdir()
        done = run_ci(script, project, fresh, url, shell)
        assert done.returncode == 1, done.stdout
        assert "cabang utama ditulis ulang" in done.stderr and "--akui-tulis-ulang" in done.stderr
    (served / PUBLISHED).unlink()
    with serve_folder(served) as url:  # the portal answers 404 (moved, emptied): the cached copy is the anchor
        done = run_ci(script, project, home, url, shell)
        assert done.returncode == 1 and "cabang utama ditulis ulang" in done.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("name", CI_FILES)
def test_ci_shell_of_each_file_refuses_when_the_portal_cannot_be_reached(
    project: Path, tmp_path: Path, name: str
) -> None:
    """No published record and no copy: the build stops rather than skip the check."""
    start(project)
    home = tmp_path / "rumah"
    home.mkdir()
    done = run_ci(ci_script(name), project, home, "http://127.0.0.1:9/", "bash")  # port 9: nothing listens
    assert done.returncode == 1
    assert "jejak: galat: http://127.0.0.1:9/jejak-terbitan.json tidak dapat diambil" in done.stderr
    assert "saran: periksa alamat portal" in done.stderr
    assert not (project / "site").exists()


def test_ci_shell_of_each_file_refuses_with_only_the_cached_copy(project: Path, tmp_path: Path) -> None:
    """Gitea and Forgejo without JEJAK_PORTAL_URL: the copy kept in the cache is the anchor."""
    repo = start(project)
    home = tmp_path / "rumah"
    build_site(project, tmp_path / "terbit", pdf=False, now=NOW)
    kept = home / ".cache" / "jejak" / "terbitan"
    kept.mkdir(parents=True)
    (kept / "jejak-terbitan.json").write_text((tmp_path / "terbit" / PUBLISHED).read_text())
    rewrite(repo)
    published = (kept / "jejak-terbitan.json").read_text()
    for name in CI_FILES:
        done = run_ci(ci_script(name), project, home, "", "dash")
        assert done.returncode == 1 and "cabang utama ditulis ulang" in done.stderr, name
    assert (kept / "jejak-terbitan.json").read_text() == published  # a refused build keeps the anchor
