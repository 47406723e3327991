"""Hostile input, round 2 — the office logo: an SVG is accepted only through a whitelist parse
and published as that parse; PNG and JPEG are published under their own extension, without
metadata. Everything else is refused at its line in records/kantor.yaml, with exit 1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import NOW
from PIL import Image

from generator.cli.main import main
from generator.portal.site import build_site
from generator.records.images import ImageRefused, clean_svg
from generator.records.workspace import load_workspace

LOGO = Path("schema/aset/logo-kota.svg")
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'

ATTACKS = {
    "script": "<script>alert(1)</script>",
    "namespaced-script": '<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>',
    "html-script": '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
    "onload": '<rect width="1" height="1" onload="alert(1)"/>',
    "onload-upper": '<rect width="1" height="1" ONLOAD="alert(1)"/>',
    "tab-javascript": '<a href="java\tscript:alert(1)"><rect width="1" height="1"/></a>',
    "xlink-javascript": '<use xlink:href="javascript:alert(1)"/>',
    "entity-javascript": '<use href="&#106;avascript:alert(1)"/>',
    "external-image": '<image href="http://contoh.example/x.png" width="1" height="1"/>',
    "external-use": '<use href="http://contoh.example/a.svg#x"/>',
    "data-use": '<use href="data:image/svg+xml;base64,PHN2Zy8+"/>',
    "style-import": "<style>@import url(http://contoh.example/a.css);</style>",
    "style-attribute-url": '<rect width="1" height="1" style="fill: url(http://contoh.example/x)"/>',
    "style-expression": '<rect width="1" height="1" style="width: expression(alert(1))"/>',
    "fill-url": '<rect width="1" height="1" fill="url(http://contoh.example/x)"/>',
    "foreign-object": '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    "animate-href": '<a><animate attributeName="href" to="javascript:alert(1)"/><rect width="1" height="1"/></a>',
    "set": '<set attributeName="onmouseover" to="alert(1)"/>',
    "iframe": '<iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/>',
    "processing-xslt": "",  # the declaration below
}


def svg(body: str, head: str = "") -> bytes:
    return (head + OPEN + body + "</svg>").encode("utf-8")


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_hostile_svg_is_refused(project: Path, capsys, name: str):
    head = '<?xml-stylesheet type="text/xsl" href="http://contoh.example/x.xsl"?>' if name == "processing-xslt" else ""
    data = svg(ATTACKS[name], head)
    if name == "processing-xslt":
        data = clean_svg(data)  # made harmless: the parse drops processing instructions
        assert b"xml-stylesheet" not in data and b"contoh.example" not in data
        return
    with pytest.raises(ImageRefused):
        clean_svg(data)
    (project / LOGO).write_bytes(data)
    assert main(["validate", "--repo", str(project)]) == 1
    out = capsys.readouterr().out
    assert "records/kantor.yaml:" in out and "logo 'schema/aset/logo-kota.svg' ditolak" in out and "saran:" in out


@pytest.mark.parametrize(
    "data",
    [
        b'<!DOCTYPE svg [<!ENTITY x "javascript:alert(1)">]>' + svg('<use href="&x;"/>'),
        b'<?xml version="1.0"?><!DOCTYPE svg SYSTEM "http://contoh.example/x.dtd">' + svg(""),
        b"<svg>" + b"<g>" * 10 + b"</svg>",  # not XML
        b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
        b'<svg xmlns="http://contoh.example/bukan-svg"><script>alert(1)</script></svg>',
        svg("<g>" * 30_000 + "</g>" * 30_000),
    ],
    ids=["entity", "external-dtd", "broken", "html", "wrong-namespace", "too-many-elements"],
)
def test_svg_that_is_not_plain_drawing_is_refused(data: bytes):
    with pytest.raises(ImageRefused):
        clean_svg(data)


def test_content_after_the_size_limit_is_not_ignored(project: Path, capsys):
    data = svg("<rect width='1' height='1'/>" * 40_000 + "<script>alert(1)</script>")
    (project / LOGO).write_bytes(data)
    assert main(["validate", "--repo", str(project)]) == 1
    assert "terlalu besar" in capsys.readouterr().out


def test_a_plain_logo_is_published_as_its_clean_parse(project: Path):
    original = (project / LOGO).read_bytes()
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    published = (site / "assets" / "logo-kota.svg").read_bytes()
    assert published == clean_svg(original)
    assert b"<path" in published and b"CONTOH" in published


@pytest.mark.parametrize(("suffix", "kind"), [(".png", "PNG"), (".jpg", "JPEG"), (".jpeg", "JPEG")])
def test_png_and_jpeg_logos_are_published_under_their_own_extension(project: Path, suffix: str, kind: str):
    out = io.BytesIO()
    Image.new("RGB", (20, 24), (30, 90, 30)).save(out, kind)
    logo = project / "schema" / "aset" / f"logo-kota{suffix}"
    logo.write_bytes(out.getvalue())
    office = project / "records" / "kantor.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("logo-kota.svg", logo.name), encoding="utf-8")
    assert load_workspace(project, now=NOW).ok
    site = build_site(project, project / "site", pdf=False, now=NOW).site_dir
    published = site / "assets" / f"logo-kota.{'png' if kind == 'PNG' else 'jpg'}"
    with Image.open(published) as image:
        assert image.format == kind
    assert not (site / "assets" / "logo-kota.svg").exists()
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'src="assets/{published.name}"' in page and "logo-kota.svg" not in page


@pytest.mark.parametrize(
    ("written", "content", "message"),
    [
        ("schema/aset/logo.png", b"<svg/>", "berakhiran .png tetapi isinya bukan PNG"),
        ("schema/aset/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "ditolak: gambar PNG tidak dapat dibaca"),
        ("schema/aset/logo.gif", b"GIF89a", "harus berupa SVG, PNG atau JPEG"),
        ("schema/aset/lo\u200bgo.svg", b"", "berkas memuat karakter tak terlihat (U+200B)"),
    ],
)
def test_other_logo_mistakes_are_refused(project: Path, written: str, content: bytes, message: str):
    (project / written).write_bytes(content or (project / LOGO).read_bytes())
    office = project / "records" / "kantor.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace(LOGO.as_posix(), written), encoding="utf-8")
    found = [p for p in load_workspace(project, now=NOW).problems if p.path == "records/kantor.yaml" and p.is_error]
    assert any(message in p.message for p in found), found
