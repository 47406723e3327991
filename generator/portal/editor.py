"""The form editor at /ubah/: Decap CMS, configured by `jejak build` from the SOP, the event
schema and the office record, never by hand.

Decap comes from the npm registry (package.json + package-lock.json at the root of the
repository, `npm ci` in `make install`), which then builds our bundle of it with esbuild
(scripts/editor-bundle/build.mjs); `jejak build` publishes it under ubah/decap/. Our own code
(site_templates/editor/) starts it (start.js: only on the editor's own origin), registers the
in-place YAML format, the Indonesian locale and the preview. When the bundle was not built, the
page says how to build it and the rest of the portal is built as usual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.clock import zone
from generator.derive import Calendar
from generator.history.worktree import FORM_BRANCH
from generator.portal.editor_fields import DATE_FORMAT, event_fields, step_key_order, top_level_lists
from generator.portal.editor_validator import validator_files
from generator.records.attachments import LOGO_KINDS, logo_problem, logo_site_path
from generator.records.images import published_bytes
from generator.records.model import Office, Sop, SopStep
from generator.records.pasted import PASTED, PLAIN
from generator.records.workspace import Workspace
from generator.templates import environment

SITE_DIR = "ubah"
SOURCES = Path(__file__).resolve().parents[2] / "site_templates" / "editor"  # a checkout's; the repository's win
OWN_FILES: tuple[str, ...] = (
    "start.js",
    "early.js",
    "editor.js",
    "format.js",
    "locale-id.js",
    "preview.js",
    "preview.css",
    "dates.js",
    "numbers.js",
    "plan.js",
    "widgets.js",
    "editor.css",
)
# the form's check (validator*.js) and what it knows of Decap's fields (form-*.js)
WORKER = "validator-worker.js"
OWN_FILES += ("validator.js", "validator-view.js", WORKER, "form-fields.js", "form-guards.js")
# Decap core with only the backends and widgets Jejak configures, built by `make install`
# (scripts/editor-bundle/build.mjs from the packages pinned in package-lock.json); never committed.
BUNDLE = Path("node_modules/.cache/jejak-ubah")
MODELINE = "# yaml-language-server: $schema=../../schema/kegiatan.schema.json"
MISSING = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Formulir belum terpasang</title></head>
<body><h1>Formulir belum terpasang</h1>
<p>Berkas editor (Decap CMS) belum dipasang di server ini. Administrator: jalankan
<code>make install</code> (memasang paket npm dari <code>package-lock.json</code>), lalu
<code>jejak build</code> lagi.</p><p><a href="../">Kembali ke portal</a></p></body></html>
"""
# Decap backends by the office record's `penyunting.jenis`. Gitea: Decap's `gitea` backend has no
# editorial workflow; its `forgejo` backend has one and calls endpoints Gitea's API also has.
BACKENDS = {"forgejo": "forgejo", "gitea": "forgejo", "gitlab": "gitlab", "github": "github", "lokal": "proxy"}


DEFAULT_ADDRESS = "http://127.0.0.1:8081/api/v1"  # `jejak ubah` listens here unless the office says otherwise
# Commit subjects (the portal's history shows them): Indonesian, naming the record.
COMMIT_MESSAGES = {
    "create": "Kegiatan baru {{slug}} (lewat formulir)",
    "update": "Perbarui {{slug}} (lewat formulir)",
    "delete": "Hapus {{slug}} (lewat formulir)",
    "uploadMedia": "Unggah lampiran {{path}} (lewat formulir)",
    "deleteMedia": "Hapus lampiran {{path}} (lewat formulir)",
    "openAuthoring": "{{message}}",
}


@dataclass(frozen=True)
class GitHost:
    """Where staff propose their changes (kantor.yaml `penyunting`)."""

    kind: str  # forgejo | gitea | gitlab | github | lokal
    url: str | None  # the host's address; for `lokal` the decap-server API
    repo: str | None
    branch: str
    app_id: str | None
    oauth_helper: str | None  # GitHub only: the OAuth helper server

    @classmethod
    def of(cls, office: Office) -> GitHost | None:
        block = office.source.loaded.data.get("penyunting")
        if not block:
            return None
        return cls(
            block["jenis"],
            block.get("alamat"),
            block.get("repositori"),
            block.get("cabang", "main"),
            block.get("id_aplikasi"),
            block.get("pembantu_oauth"),
        )


def backend(host: GitHost | None) -> dict[str, Any]:
    """Decap's `backend` block. Without a host in the office record: local mode (`jejak ubah`),
    whose backend works on its own branch, kept equal to the official one (history/worktree.py)."""
    if host is None or host.kind == "lokal":
        url = (host.url if host else None) or DEFAULT_ADDRESS
        return {"name": "proxy", "proxy_url": url, "branch": FORM_BRANCH, "commit_messages": COMMIT_MESSAGES}
    spec: dict[str, Any] = {"name": BACKENDS[host.kind], "branch": host.branch, "commit_messages": COMMIT_MESSAGES}
    base = (host.url or "").rstrip("/")
    spec["repo"] = host.repo
    if host.kind in ("forgejo", "gitea"):
        spec.update(base_url=base, api_root=f"{base}/api/v1", app_id=host.app_id)
    elif host.kind == "gitlab":
        spec.update(base_url=base, api_root=f"{base}/api/v4", auth_type="pkce", app_id=host.app_id)
        spec["auth_endpoint"] = "oauth/authorize"
    else:  # github: login needs an OAuth helper server (see the administrator's guide)
        if base and base != "https://github.com":
            spec["api_root"] = f"{base}/api/v3"
        if host.oauth_helper:
            spec["base_url"] = host.oauth_helper.rstrip("/")
    return spec


def editor_config(workspace: Workspace) -> dict[str, Any]:
    """The whole Decap configuration: one collection of events per SOP, the office for the pickers."""
    assert workspace.office is not None
    return {
        "load_config_file": False,
        "backend": backend(GitHost.of(workspace.office)),
        "publish_mode": "editorial_workflow",
        "locale": "id",
        "media_folder": "lampiran",
        "public_folder": "/lampiran",
        "display_url": "../",
        "logo_url": "../assets/logo-kota.svg",
        "show_preview_links": False,
        "search": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            *(
                event_collection(sop, workspace.schemas[sop.id], workspace.office.regions)
                for sop in workspace.sops.values()
            ),
            office_collection(),
        ],
    }


def event_collection(sop: Sop, schema: Mapping[str, Any], regions: tuple[str, ...]) -> dict[str, Any]:
    fields = [our_widgets(f) for f in event_fields(schema, sop, regions)]
    return {
        "name": sop.id,
        "label": f"Kegiatan: {sop.identity.get('nama') or sop.id}",
        "label_singular": "Kegiatan baru",
        "description": f"SOP {sop.identity.get('nomor', '')}".strip(),
        "folder": "records",
        "path": "{{_jejak_tahun}}/{{slug}}",
        "slug": "{{kode}}",
        "extension": "yaml",
        "format": f"jejak-yaml-{sop.id}",  # editor.js registers one per SOP, with its key order
        "filter": {"field": "sop", "value": sop.id},
        "create": True,
        "delete": False,
        "publish": False,
        "identifier_field": "nama",
        "summary": "{{nama}}",
        "sortable_fields": ["nama"],
        "editor": {"preview": True},
        "fields": fields,
    }


PLAN_HINT = (
    "Tanggal rencana setiap langkah kegiatan baru diusulkan dari jadwal pelatihan, waktu baku SOP dan hari "
    "kerja kantor (tanpa libur nasional, cuti bersama dan libur kantor); sesuaikan bila perlu."
)


def our_widgets(spec: dict[str, Any]) -> dict[str, Any]:
    """A field with our own widgets (site_templates/editor/widgets.js) and hints in office words:
    dates typed day-month-year whatever the browser's language, whole numbers typed with or
    without the dots that group thousands, the steps' list that proposes the
    plan of a new event, and no hint naming the office record's file."""
    spec = dict(spec)
    if spec.get("widget") == "number":  # Decap's is the browser's: 27.000.000 became 27
        spec["widget"] = "jejak-bilangan"
    if spec.get("widget") == "datetime":
        spec = {k: v for k, v in spec.items() if k not in ("date_format", "time_format")}
        spec.update(widget="jejak-tanggal", jam=spec.get("format") != DATE_FORMAT)
    if spec.get("widget") == "list" and "types" in spec:
        spec["widget"] = "jejak-langkah"
        spec.setdefault("hint", PLAN_HINT)
    if spec.get("hint"):
        spec["hint"] = office_words(spec["hint"])
    for key in ("fields", "types"):
        if key in spec:
            spec[key] = [our_widgets(f) for f in spec[key]]
    if spec["name"] == "jadwal":  # the event's own dates: the steps' list re-plans when they change
        for part in spec.get("fields", ()):
            part["jadwal"] = part["name"]
    if "field" in spec:
        spec["field"] = our_widgets(spec["field"])
    return spec


def office_words(hint: str) -> str:
    """Hints name the office record as staff know it: `bawaan: naskah.narahubung di
    records/kantor.yaml` -> `bawaan: data kantor`; `daftar naskah.klasifikasi kantor` ->
    `daftar klasifikasi di data kantor`."""
    hint = re.sub(r"(bawaan: )?\bnaskah\.[a-z_]+ di records/kantor\.yaml", r"\1data kantor", hint)
    hint = re.sub(r"bawaan: naskah\.[a-z_]+", "bawaan: data kantor", hint)
    hint = re.sub(r"\bnaskah\.([a-z_]+)( kantor)?", lambda m: m.group(1).replace("_", " ") + " di data kantor", hint)
    return hint.replace("records/kantor.yaml", "data kantor").replace("Id orang", "Id pegawai")


def office_collection() -> dict[str, Any]:
    """The office record, read only and hidden: the source of the person pickers."""
    person = [{"name": "id", "widget": "string"}, {"name": "nama", "widget": "string"}]
    return {
        "name": "kantor",
        "label": "Data kantor",
        "hide": True,
        "editor": {"preview": False},
        "files": [
            {
                "name": "kantor",
                "label": "Data kantor",
                "file": "records/kantor.yaml",
                "fields": [{"name": "orang", "label": "Pegawai", "widget": "list", "fields": person}],
            }
        ],
    }


def settings_script(workspace: Workspace, config: dict[str, Any] | None = None) -> str:
    """config.js: the configuration and what our own code needs (key order, SOP steps)."""
    settings = {
        "config": config or editor_config(workspace),
        "order": {sop.id: step_key_order(sop, workspace.schemas[sop.id]) for sop in workspace.sops.values()},
        "modeline": MODELINE,
        "topLevelLists": top_level_lists(workspace.schemas),
        "people": {p.id: p.name for p in workspace.office.people.values()} if workspace.office else {},
        "sops": {sop.id: [step_settings(s) for s in sop.steps] for sop in workspace.sops.values()},
        "schedule": {sop.id: sop.schedule_title for sop in workspace.sops.values()},
        "calendar": calendar_settings(workspace.calendar, workspace.now.year) if workspace.office else None,
        "zone": zone_settings(workspace.office.zone if workspace.office else None),
        # Word's punctuation and spaces, typed plainly by the form's YAML writer (the validator's own list)
        "pasted": {char: {"plain": PLAIN[char], "name": PASTED[char][0]} for char in PASTED},
    }
    text = json.dumps(settings, ensure_ascii=True, indent=1, sort_keys=False)
    # Decap starts only when editor.js has registered the format, the locale and the preview.
    head = "// Dibuat oleh `jejak build`; jangan diubah.\nwindow.CMS_MANUAL_INIT = true;\n"
    return f"{head}window.JEJAK_EDITOR = {text};\n"


def step_settings(step: SopStep) -> dict[str, Any]:
    """What the form needs of a step: its preview line and what the proposed plan reads (plan.js)."""
    duration = step.duration
    waktu = {"nilai": duration.value, "satuan": duration.unit, "kerja": duration.working}
    return {"no": step.no, "kegiatan": step.activity, "waktu": waktu, "jadwal": step.runs_schedule}


def calendar_settings(calendar: Calendar, year: int) -> dict[str, Any]:
    """The office's working days for plan.js: office hours in minutes and every weekday off
    (holidays, cuti bersama, the office's own) from last year to three years ahead."""
    years = range(year - 1, year + 4)
    return {
        "buka": calendar.opens.hour * 60 + calendar.opens.minute,
        "tutup": calendar.closes.hour * 60 + calendar.closes.minute,
        "libur": [day.isoformat() for day in calendar.days_off(years)],
        "tahun": [years[0], years[-1]],
    }


def zone_settings(name: str | None) -> dict[str, Any]:
    """The office's time zone for "Sekarang": minutes east of UTC and its short name (WIB)."""
    office = zone(name)
    offset = office.utcoffset(None)
    return {"offset": int(offset.total_seconds() // 60), "name": office.tzname(None)}


# The validator's worker (validator-worker.js, a same-origin script) does not get the page's policy:
# Chromium (156, tried) gives such a worker only the policy its own response carries, whatever the
# page says in its <meta> or headers. Pyodide needs exactly WebAssembly there ('wasm-unsafe-eval':
# without it compiling the module is refused and Pyodide never answers), its own scripts
# (importScripts) and fetches of its own files. No `eval`, nothing from elsewhere, no workers or
# frames of its own. `jejak serve` sends it; the administrator's guide gives it for nginx and Apache.
WORKER_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"


def content_policy(backend_spec: dict[str, Any]) -> str:
    """The page's Content-Security-Policy: its own server, plus the Git host's API and login.
    Nothing else may be fetched, framed or run (no CDN, no status page), and no code made from
    text: Jejak's bundle of Decap leaves out what needs `eval` (scripts/editor-bundle/build.mjs)."""
    hosts = []
    for key in ("proxy_url", "api_root", "base_url"):
        if backend_spec.get(key):
            parts = urlsplit(backend_spec[key])
            hosts.append(f"{parts.scheme}://{parts.netloc}")
    if backend_spec["name"] == "github":
        hosts.append("https://api.github.com")
    remote = " ".join(dict.fromkeys(hosts))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # Decap's styles are made in the browser
            f"img-src 'self' data: blob: {remote}".rstrip(),
            # blob: Decap reads back its own draft backup and uploaded files through blob URLs
            f"connect-src 'self' blob: {remote}".rstrip(),
            "frame-src 'self' blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def index_page(
    root: Path, config: dict[str, Any], own: str | None = None, logo: str | None = None, preload: tuple[str, ...] = ()
) -> str:
    """The page that shows "Memuat formulir…" at once and starts the editor (start.js), on its
    own address `own` only. `preload`: the modules it will import, fetched and compiled at once
    instead of one after the other as each import is found."""
    template = environment(root).get_template("editor/index.html")
    policy = content_policy(config["backend"])
    return template.render(policy=policy, formulir=own, logo=logo, preload=preload, early=early_settings(config))


def early_settings(config: dict[str, Any]) -> dict[str, Any]:
    """What start.js needs before config.js has run: the backend to load, and in local mode what
    Decap will ask it first (early.js `askEarly`), with the configuration's own shape."""
    backend = config["backend"]
    listed = [c for c in config.get("collections", []) if c.get("folder") and not c.get("hide")]
    return {
        "backend": {key: backend[key] for key in ("name", "branch", "proxy_url") if key in backend},
        "collections": [{key: c[key] for key in ("folder", "extension", "path") if key in c} for c in listed[:1]],
        "publish_mode": config.get("publish_mode"),
        "media_folder": config.get("media_folder"),
    }


# --- the editor's own address ----------------------------------------------------------
# Decap keeps each user's Git token in the localStorage of the page's origin: the editor runs
# only on an origin of its own (its own host name or port serving site/ubah/ and nothing else),
# never beside portal pages whose scripts could read it. `jejak serve` gives it the next port.

_serving: tuple[str, str] | None = None  # (editor, portal) addresses while `jejak serve` runs
WILDCARDS = ("0.0.0.0", "::")  # `jejak serve` on every interface: the browser's host name is used


def serve_addresses(editor: str, portal: str) -> None:
    """`jejak serve`: the preview's own addresses win over the office record's."""
    global _serving
    _serving = (folder_url(editor), folder_url(portal))


def addresses(office: Office | None) -> tuple[str | None, str | None]:
    """(the editor's own address, the portal's address) from kantor.yaml `penyunting`."""
    if _serving is not None:
        return _serving
    block = (office.source.loaded.data.get("penyunting") or {}) if office else {}
    own, portal = block.get("alamat_formulir"), block.get("alamat_portal")
    return (folder_url(own) if own else None), (folder_url(portal) if portal else None)


def folder_url(address: str) -> str:
    return address if address.endswith("/") else address + "/"


def intruders(files: list[tuple[str, str]]) -> str | None:
    """Why the build stops when another file (src_uri, dest_uri) would be published inside ubah/:
    there it shares the editor's origin, and a script in it could read staff's Git tokens."""
    found = sorted(src for src, dest in files if dest.split("/", 1)[0] == SITE_DIR)
    if not found:
        return None
    lines = [
        f"docs/{src}: galat: berkas ini akan terbit di folder formulir {SITE_DIR}/, tempat formulir menyimpan "
        "token Git staf; skrip di dalamnya dapat membaca token itu\n"
        f"  saran: pindahkan berkas ke folder lain di docs/ ({SITE_DIR}/ hanya untuk formulir)"
        for src in found
    ]
    return "portal tidak dibangun (situs lama tetap dipakai):\n" + "\n".join(lines)


# --- the files published under ubah/ ---------------------------------------------------


def bundle_root(root: Path, places: tuple[Path, ...] | None = None) -> Path | None:
    """Where `make install` built the bundle: the repository, else the checkout the generator runs from."""
    for base in places if places is not None else (root, SOURCES.parents[1]):
        if (base / BUNDLE / "manifest.json").is_file():
            return base
    return None


def bundle_files(bundle: Path, backend_name: str) -> list[str]:
    """The bundle's files this office's page loads: Decap with the configured backend, and
    `yaml` (with whatever they import)."""
    needs = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))["needs"]
    return sorted({*needs[f"decap-{backend_name}"], *needs["yaml"]})


def published(bundle: Path, names: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Each file with its precompressed copies (.gz, .br) for servers that send those as they are,
    and the licence notices of the packages inside it."""
    variants = [v for name in names for v in (name, f"{name}.gz", f"{name}.br", f"{name}.LEGAL.txt")]
    return [
        (f"{SITE_DIR}/decap/{variant}", {"abs_src_path": str(bundle / variant)})
        for variant in variants
        if (bundle / variant).is_file()
    ]


def logo_file(root: Path, office: Office | None) -> tuple[str, bytes] | None:
    """The office logo (checked and cleaned as the portal's), for the editor's own origin."""
    logo = office.letterhead.logo if office else None
    if logo and (root / logo).is_file() and logo_problem(logo, root) is None:
        return logo_site_path(logo), published_bytes(root / logo, LOGO_KINDS[Path(logo).suffix.lower()])
    return None


def on_own_origin(config: dict[str, Any], portal: str | None, logo: str | None) -> None:
    """The editor lives on another origin than the portal: "../" is the editor itself, so the way
    back is the portal's address, and the logo is the editor's own copy."""
    config.pop("display_url", None)
    config.pop("logo_url", None)
    if portal:
        config["display_url"] = portal
    if logo:
        config["logo_url"] = logo


def editor_files(
    root: Path, workspace: Workspace, places: tuple[Path, ...] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(site path, File.generated keyword arguments) of every file of the editor."""
    base = bundle_root(root, places)
    if base is None:
        return [(f"{SITE_DIR}/index.html", {"content": MISSING})]
    config = editor_config(workspace)
    own_address, portal = addresses(workspace.office)
    logo = logo_file(root, workspace.office)
    on_own_origin(config, portal, logo and logo[0])
    own = root / "site_templates" / "editor"
    own = own if (own / "editor.js").is_file() else SOURCES
    modules = bundle_files(base / BUNDLE, config["backend"]["name"])
    # the modules start.js imports (the worker's script is not one: the validator starts it later)
    scripts = (n for n in OWN_FILES if n.endswith(".js") and n not in ("start.js", WORKER))
    preload = (*(f"decap/{name}" for name in modules), *scripts)
    codes = sorted(event.code for event in workspace.events)
    page = index_page(root, config, own_address, logo and logo[0], preload)
    files: list[tuple[str, dict[str, Any]]] = [
        (f"{SITE_DIR}/index.html", {"content": page}),
        (f"{SITE_DIR}/config.js", {"content": settings_script(workspace, config)}),
        # codes already published: a new event never takes one (editor.js freeCode)
        (f"{SITE_DIR}/kegiatan.json", {"content": json.dumps(codes, ensure_ascii=True)}),
    ]
    if logo:
        files.append((f"{SITE_DIR}/{logo[0]}", {"content": logo[1]}))
    files += [(f"{SITE_DIR}/{name}", {"abs_src_path": str(own / name)}) for name in OWN_FILES]
    validator = validator_files(root, workspace, (base, root, SOURCES.parents[1]))
    return files + published(base / BUNDLE, modules) + validator
