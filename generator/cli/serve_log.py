"""MkDocs' log lines, said in Indonesian where `jejak serve` shows them to staff."""

from __future__ import annotations

import logging
import re

LEVELS = {"DEBUG": "debug", "INFO": "info", "WARNING": "peringatan", "ERROR": "galat", "CRITICAL": "galat"}
MESSAGES = [
    (r"Building documentation\.\.\.", "Membangun portal..."),
    (r"Cleaning site directory", "Membersihkan folder pratinjau"),
    (r"Documentation built in ([\d.]+) seconds", r"Portal selesai dibangun dalam \1 detik"),
    (r"Watching paths for changes: (.*)", r"Memantau perubahan di: \1"),
    (r"Serving on (\S+)(?: and opening it in a browser)?", r"Portal tersaji di \1"),
    (r"Detected file changes", "Ada berkas yang berubah"),
    (r"Reloading browsers", "Memuat ulang halaman di peramban"),
    (r"Browser connected: (\S+)", r"Peramban terhubung: \1"),
    (r"Shutting down\.\.\.", "Menghentikan pratinjau..."),
    (
        r"An error happened during the rebuild\..*",
        "Portal gagal dibangun ulang; perbaiki galat di atas, halaman dimuat ulang setelah berhasil",
    ),
    (r"Aborted with a BuildError!", "Pembangunan dihentikan karena galat"),
    (r"Aborted with (\d+) warnings? in strict mode!", r"Pembangunan dihentikan: \1 peringatan (mode ketat)"),
    (
        r"The following pages exist in the docs directory, but are not included in the \"nav\" configuration:(.*)",
        r"Halaman berikut ada di folder docs tetapi tidak ada di menu (nav):\1",
    ),
    (r"Error building page '(.*?)': (.*)", r"Halaman '\1' gagal dibangun: \2"),
]
COMPILED = [(re.compile(rf"^(\[\d\d:\d\d:\d\d\] )?{pattern}$", re.DOTALL), text) for pattern, text in MESSAGES]


def indonesian(message: str) -> str:
    for pattern, text in COMPILED:
        match = pattern.match(message)
        if match:
            return _expand(match, text)
    return message


def _expand(match: re.Match[str], text: str) -> str:
    """The translation, with the pattern's groups (shifted by the optional time prefix)."""
    shifted = re.sub(r"\\(\d)", lambda m: f"\\g<{int(m.group(1)) + 1}>", text)
    return (match.group(1) or "") + match.expand(shifted)


class IndonesianFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{LEVELS.get(record.levelname, record.levelname.lower())}: {indonesian(record.getMessage())}"
