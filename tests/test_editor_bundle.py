"""Jejak's bundle of Decap (scripts/editor-bundle/, built by `make install`) and what `jejak build`
publishes of it; the editor's own address in the office record (issue 21)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import NOW, REPO

from generator.portal.editor import BUNDLE, content_policy, editor_config, editor_files
from generator.portal.site import BuildError, build_site
from generator.records.workspace import load_workspace

CHECK = REPO / "scripts" / "editor-bundle" / "check-config.mjs"
HOSTS = {
    "lokal": "  jenis: lokal\n  alamat: http://127.0.0.1:8081/api/v1\n",
    "forgejo": "  jenis: forgejo\n  alamat: https://git.kantor.example\n  repositori: blk/jejak\n  id_aplikasi: a\n",
    "gitea": "  jenis: gitea\n  alamat: https://git.kantor.example\n  repositori: blk/jejak\n  id_aplikasi: a\n",
    "gitlab": "  jenis: gitlab\n  alamat: https://gitlab.kantor.example\n  repositori: blk/jejak\n  id_aplikasi: a\n",
    "github": "  jenis: github\n  repositori: blk/jejak\n  pembantu_oauth: https://oauth.kantor.example\n",
}
OWN = "  alamat_formulir: https://formulir.kantor.example/\n  alamat_portal: https://portal.kantor.example/\n"


def with_host(project: Path, block: str) -> Path:
    office = project / "records" / "kantor.yaml"
    text = office.read_text(encoding="utf-8")
    office.write_text(text[: text.index("\npenyunting:")] + "\npenyunting:\n" + block, encoding="utf-8")
    return project


def decap_check(config: dict, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Decap's own check of a configuration (its schema, with ajv), and that the bundle holds
    every backend and widget it names."""
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return subprocess.run(["node", str(CHECK), str(path)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind", sorted(HOSTS))
def test_every_generated_configuration_passes_decaps_own_check(project: Path, tmp_path: Path, kind: str):
    """The browser bundle leaves Decap's check out (ajv needs eval): this is where it runs."""
    shutil.copytree(Path(__file__).parent / "second_sop", project, dirs_exist_ok=True)  # two SOPs
    config = editor_config(load_workspace(with_host(project, HOSTS[kind])))
    done = decap_check(config, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_decaps_check_is_not_blind(sample_workspace, tmp_path: Path):
    config = editor_config(sample_workspace)
    events = config["collections"][0]
    events["folder"] = 3
    events["fields"][2] = {"label": "tanpa nama", "widget": "string"}
    events["fields"][3]["widget"] = "markdown"
    config["backend"]["name"] = "bitbucket"
    done = decap_check(config, tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "backend 'bitbucket' is not in the bundle",
        "collection 'penyelenggaraan-pelatihan': widget 'markdown' is not in the bundle",
        "'collections[0].folder' must be string",
        "'collections[0].fields[2]' must have required property 'name'",
    ]


def published(site: Path) -> set[str]:
    return {p.relative_to(site / "ubah").as_posix() for p in (site / "ubah").rglob("*") if p.is_file()}


def test_only_the_configured_backends_bundle_is_published_with_its_compressed_copies(project: Path, tmp_path: Path):
    with_host(project, HOSTS["gitlab"] + OWN)
    site = build_site(project, tmp_path / "site", pdf=False, now=NOW).site_dir
    files = published(site)
    assert {"decap/decap-gitlab.js", "decap/decap-gitlab.js.gz", "decap/decap-gitlab.js.br", "decap/yaml.js"} <= files
    assert "decap/decap-gitlab.js.LEGAL.txt" in files  # the licence notices esbuild took out of the code
    assert not [f for f in files if f.startswith(("decap/decap-proxy", "decap/decap-forgejo", "decap/decap-github"))]
    bundle = site / "ubah" / "decap" / "decap-gitlab.js"
    assert bundle.read_bytes() == (REPO / BUNDLE / "decap-gitlab.js").read_bytes()
    assert (
        subprocess.run(["gzip", "-dc", f"{bundle}.gz"], capture_output=True, check=True).stdout == bundle.read_bytes()
    )
    page = (site / "ubah" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="modulepreload" href="decap/decap-gitlab.js">' in page
    assert 'data-formulir="https://formulir.kantor.example/"' in page
    assert "Memuat formulir…" in page  # before any script runs
    codes = json.loads((site / "ubah" / "kegiatan.json").read_text(encoding="utf-8"))
    assert codes == sorted(e.code for e in load_workspace(project).events) and "2026-barista-1" in codes


def test_no_code_is_made_from_text_so_the_policy_forbids_it(project: Path):
    """No ajv, TOML writer or front matter in the bundle: no eval, no new Function."""
    for path in (REPO / BUNDLE).glob("decap-*.js"):
        text = path.read_text(encoding="utf-8")
        assert "new Function(" not in text, path.name
        # js-sha256 has an eval("require('crypto')") that runs only under Node.js, never in a browser
        assert text.count("eval(") == text.count('eval("require(') == 2, path.name
    policy = content_policy(editor_config(load_workspace(project))["backend"])
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy


def test_the_portal_links_straight_to_the_editors_own_address(project: Path, tmp_path: Path):
    with_host(project, HOSTS["forgejo"] + OWN)
    site = build_site(project, tmp_path / "site", pdf=False, now=NOW).site_dir
    page = (site / "kegiatan" / "2026-barista-1" / "index.html").read_text(encoding="utf-8")
    entry = "#/collections/penyelenggaraan-pelatihan/entries/2026/2026-barista-1"
    assert f'href="https://formulir.kantor.example/{entry}"' in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://formulir.kantor.example/#/collections/penyelenggaraan-pelatihan/new"' in home
    config = (site / "ubah" / "config.js").read_text(encoding="utf-8")
    assert '"display_url": "https://portal.kantor.example/"' in config


@pytest.mark.parametrize(
    ("own", "other"),
    [
        ("alamat_formulir: https://portal.kantor.example/ubah/", "alamat_portal: https://portal.kantor.example/"),
        ("alamat_formulir: http://portal.kantor.example:80/", "alamat_portal: http://PORTAL.kantor.example"),
        ("alamat_formulir: https://git.kantor.example/jejak/", "alamat: https://git.kantor.example"),
    ],
)
def test_an_editor_address_sharing_an_origin_is_refused(project: Path, own: str, other: str):
    block = "  jenis: forgejo\n  repositori: blk/jejak\n  id_aplikasi: a\n"
    if not other.startswith("alamat:"):
        block += "  alamat: https://git.example\n"
    with_host(project, f"{block}  {own}\n  {other}\n")
    done = subprocess.run(
        [str(REPO / ".venv" / "bin" / "jejak"), "validate", "--repo", str(project)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "records/kantor.yaml:" in done.stdout and "alamat formulir" in done.stdout, done.stdout
    assert "token Git staf" in done.stdout and "saran: sajikan folder site/ubah/" in done.stdout


def test_a_guide_page_inside_the_editors_folder_stops_the_build(project: Path, tmp_path: Path):
    (project / "docs" / "ubah").mkdir(parents=True)
    (project / "docs" / "ubah" / "bantuan.md").write_text("# Bantuan\n\n<script>curi()</script>\n", encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        build_site(project, tmp_path / "site", pdf=False, now=NOW)
    assert "docs/ubah/bantuan.md: galat:" in str(refused.value) and "saran: pindahkan" in str(refused.value)
    assert not (tmp_path / "site").exists()


def test_without_the_bundle_the_page_says_how_to_build_it(project: Path):
    files = editor_files(project, load_workspace(project), places=(project,))
    assert [path for path, _ in files] == ["ubah/index.html"] and "make install" in files[0][1]["content"]


def test_the_lodash_fp_stand_in_gives_what_lodash_fp_gives():
    """decap-cms-lib-util parses the Git hosts' paging (Link headers) and LFS files with it."""
    script = f"""
    const real = require("{REPO}/node_modules/lodash/fp");
    import("{REPO}/scripts/editor-bundle/lodash-fp.js").then((ours) => {{
      const pipe = (fp) => fp.flow([(s) => s.split(","), fp.map((s) => s.trim().split(";")),
        fp.map(([l, k]) => [k.match(/rel="(.*?)"/)[1], l.trim().slice(1, -1)]), fp.fromPairs]);
      const lines = (fp) => fp.flow([(s) => s.split("\\n"), fp.map((s) => s.trim()), fp.filter(Boolean)]);
      const header = '<https://git/a?page=2>; rel="next", <https://git/a?page=9>; rel="last"';
      const text = " version x \\n\\n  oid sha256:1 \\n size 3 ";
      console.log(JSON.stringify([pipe(real)(header), pipe(ours)(header), lines(real)(text), lines(ours)(text)]));
    }});
    """
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    real_links, our_links, real_lines, our_lines = json.loads(done.stdout)
    assert our_links == real_links == {"next": "https://git/a?page=2", "last": "https://git/a?page=9"}
    assert our_lines == real_lines == ["version x", "oid sha256:1", "size 3"]
