"""The command guide (docs/panduan/perintah.md) is made from the argument parser at every build
(issue 18.5): every option of every command is in the published guide, in Indonesian, and a
command or option added later is documented without anyone editing the guide."""

from __future__ import annotations

import argparse
import re
from html import unescape
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from generator.cli import guide
from generator.cli.main import COMMANDS, command_parser

ENGLISH = re.compile(r"\b(the|and|show|this|default|file|folder of|output|message|exit)\b", re.IGNORECASE)


def _options() -> list[tuple[str, str, argparse.Action]]:
    """(command, what the guide shows, action) for every argument and option of every command."""
    found = []
    for name, _, _ in COMMANDS:
        parser = command_parser(name)
        for action in parser._actions:
            shown = action.option_strings[-1] if action.option_strings else (action.metavar or action.dest)
            found.append((name, str(shown), action))
    return found


def _sections(site: Path) -> dict[str, str]:
    """The published guide's text per command section (its <h2> `jejak NAME — …`)."""
    html = (site / "panduan" / "perintah" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    sections = {}
    for part in article.split("<h2")[1:]:
        text = unescape(re.sub(r"<[^>]+>", " ", "<h2" + part))
        sections[text.split()[1]] = text
    return sections


def test_every_option_of_every_command_is_in_the_published_guide(sample_site: Path):
    by_command = _sections(sample_site)
    assert set(by_command) == {name for name, _, _ in COMMANDS}
    missing = [(name, shown) for name, shown, _ in _options() if shown not in by_command[name]]
    assert missing == []
    assert len(_options()) >= 45  # the 36 of issue 18 and the help of each command
    assert "--sop" in by_command["new"] and "id SOP" in by_command["new"]  # was documented nowhere


@pytest.mark.parametrize("command", [name for name, _, _ in COMMANDS])
def test_every_option_says_in_indonesian_what_it_does(command: str):
    for action in command_parser(command)._actions:
        assert action.help and len(action.help) > 10, (command, action.option_strings)
        assert not ENGLISH.search(action.help), (command, action.help)


def test_a_command_without_a_marker_gets_its_own_section():
    text = guide.command_guide("# Perintah\n\n## `jejak validate`\n\n<!-- jejak: pilihan validate -->\n")
    assert "`--strict`" in text.split("## `jejak new`")[0]
    for name, _, summary in COMMANDS[1:]:
        assert f"## `jejak {name}` — {summary}" in text
    assert "<!-- jejak" not in text


def test_a_new_option_is_documented_at_once(monkeypatch: pytest.MonkeyPatch):
    from generator.cli import status

    configure = status.configure

    def with_one_more(parser: argparse.ArgumentParser) -> None:
        configure(parser)
        parser.add_argument("--ringkas", action="store_true", help="satu baris untuk setiap kegiatan")

    monkeypatch.setattr(status, "configure", with_one_more)
    assert "| `--ringkas` | satu baris untuk setiap kegiatan |" in guide.options_table("status")


def test_an_option_without_help_or_a_marker_for_no_command_is_refused(monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(PluginError, match="penanda pilihan untuk perintah yang tidak ada: hapus"):
        guide.command_guide("<!-- jejak: pilihan hapus -->\n")
    from generator.cli import status

    configure = status.configure
    monkeypatch.setattr(status, "configure", lambda p: (configure(p), p.add_argument("--diam")))
    with pytest.raises(PluginError, match="pilihan --diam dari `jejak status` tidak punya teks bantuan"):
        guide.options_table("status")
