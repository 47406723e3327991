"""What every command shares: the `--repo` option and the one way an error reaches the person."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_repo_option(parser: argparse.ArgumentParser, help_text: str = "folder repositori Jejak (bawaan: folder kerja)"):
    parser.add_argument("--repo", type=Path, default=None, help=help_text)


def fail(message: str, hint: str | None = None, code: int = 1) -> int:
    """Print `jejak: galat: …` (and `  saran: …`) on stderr; returns the exit code to use."""
    print(f"jejak: galat: {message}", file=sys.stderr)
    if hint:
        print(f"  saran: {hint}", file=sys.stderr)
    return code
