"""`jejak serve` while a record has an error: every portal page becomes a page listing the
problems, so the browser shows what to fix instead of waiting for a build that never comes.
MkDocs reloads the page by itself once the record is saved without errors."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from generator.problem import Problem
from generator.records.workspace import event_files

PAGE = """---
title: Catatan berisi galat
hide: [navigation, toc]
---
# Catatan berisi galat

<div class="jj-serve-error" role="alert">
<p>Portal belum dapat ditampilkan: {count} galat di catatan. Perbaiki setiap galat di bawah ini lalu
simpan berkasnya; halaman ini dimuat ulang sendiri setelah semua catatan benar.</p>
<table class="jj-table">
<thead><tr><th>Berkas dan baris</th><th>Galat</th><th>Saran</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</div>
"""


def error_pages(root: Path, problems: Iterable[Problem], sop_pages: list[str]) -> list[tuple[str, str]]:
    """(site path, Markdown) for every page a person may have open: the portal's own pages, the
    SOP pages, and each event's page, whether or not its record could be read."""
    errors = [p for p in problems if p.is_error]
    rows = "\n".join(
        f"<tr><td><code>{escape(p.path)}:{p.line}:{p.column}</code></td><td>{escape(p.message)}</td>"
        f"<td>{escape(p.hint or '')}</td></tr>"
        for p in errors
    )
    page = PAGE.format(count=len(errors), rows=rows)
    paths = ["index.md", "audit.md", "rekap/index.md", *sop_pages]
    files = event_files(root)
    paths += sorted({f"rekap/{p.parent.name}.md" for p in files if p.parent.name.isdigit()})
    paths += [f"kegiatan/{p.stem}.md" for p in files]
    return [(path, page) for path in paths]
