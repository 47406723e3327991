"""The one Jinja environment: the repository's templates win over the packaged ones, and
compiled templates are shared by source text, never by file name."""

from __future__ import annotations

import os
from pathlib import Path

from generator.templates import PACKAGED, environment

NAME = "dokumen/uji-bersama.html"


def _write(root: Path, text: str, stamp: float) -> None:
    path = root / "site_templates" / NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (stamp, stamp))


def test_two_repositories_and_an_edit_each_render_their_own_template(tmp_path: Path):
    _write(tmp_path / "a", "Halo {{ nama }}", 1_000_000)
    _write(tmp_path / "b", "Salam {{ nama }}", 1_000_000)
    a, b = environment(tmp_path / "a"), environment(tmp_path / "b")
    assert a.get_template(NAME).render(nama="Rina") == "Halo Rina"
    assert b.get_template(NAME).render(nama="Rina") == "Salam Rina"
    _write(tmp_path / "a", "Salam {{ nama }}", 2_000_000)  # now the same text as b's: b's compiled code serves
    assert a.get_template(NAME).render(nama="Yusuf") == "Salam Yusuf"
    _write(tmp_path / "a", "Hai {{ nama | upper }}", 3_000_000)  # `jejak serve`: an edit is compiled afresh
    assert a.get_template(NAME).render(nama="Yusuf") == "Hai YUSUF"
    assert b.get_template(NAME).render(nama="Rina") == "Salam Rina"


def test_the_repositorys_template_wins_over_the_packaged_one(tmp_path: Path):
    name = "dokumen/undangan.html"
    plain = environment(tmp_path / "tanpa-templat")
    assert plain.loader is not None
    _, packaged, _ = plain.loader.get_source(plain, name)
    assert Path(packaged or "").is_relative_to(PACKAGED)
    own = tmp_path / "kantor" / "site_templates" / name
    own.parent.mkdir(parents=True)
    own.write_text("Undangan kantor sendiri {{ 1 + 1 }}", encoding="utf-8")
    assert environment(tmp_path / "kantor").get_template(name).render() == "Undangan kantor sendiri 2"
