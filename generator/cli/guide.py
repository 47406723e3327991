"""The command guide's option tables (docs/panduan/perintah.md), made from the argument parser at
every build of the portal: an option added to a command is documented the moment it exists.

The handwritten guide keeps its prose and examples; a marker line `<!-- jejak: pilihan NAME -->`
says where each command's table goes. A command without a marker gets its own section at the
end of the page, so no command and no option can be left out.
"""

from __future__ import annotations

import argparse
import re

from mkdocs.exceptions import PluginError

from generator.cli.main import COMMANDS, command_parser

GUIDE = "panduan/perintah.md"
MARKER = re.compile(r"^<!-- jejak: pilihan ([a-z-]+) -->[ \t]*$", re.MULTILINE)


def options_table(name: str) -> str:
    """Every argument and option of `jejak NAME`, with its help text, as a Markdown table."""
    parser = command_parser(name)
    formatter = parser._get_formatter()
    rows = []
    for action in parser._actions:
        if not action.help or action.help == argparse.SUPPRESS:
            raise PluginError(
                f"pilihan {'/'.join(action.option_strings) or action.dest} dari `jejak {name}` "
                "tidak punya teks bantuan; tulis `help=` dalam bahasa Indonesia"
            )
        shown = formatter._format_action_invocation(action)
        if not action.option_strings and action.nargs in ("*", "+", "?"):
            shown = formatter._format_args(action, formatter._get_default_metavar_for_positional(action))
        rows.append(f"| `{_cell(shown)}` | {_cell(formatter._expand_help(action))} |")
    head = "| argumen atau pilihan | keterangan |\n|---|---|"
    return head + "\n" + "\n".join(rows) + "\n"


def command_guide(markdown: str) -> str:
    """The guide page with every marker replaced by its command's table, and a section for every
    command the page has no marker for."""
    known = {name for name, _, _ in COMMANDS}
    placed = set(MARKER.findall(markdown))
    unknown = sorted(placed - known)
    if unknown:
        raise PluginError(
            f"docs/{GUIDE}: penanda pilihan untuk perintah yang tidak ada: {', '.join(unknown)}; "
            f"perintah yang ada: {', '.join(sorted(known))}"
        )
    text = MARKER.sub(lambda m: "Pilihan:\n\n" + options_table(m.group(1)), markdown)
    for name, _, summary in COMMANDS:
        if name not in placed:
            text += f"\n\n## `jejak {name}` — {summary}\n\nPilihan:\n\n{options_table(name)}"
    return text


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
