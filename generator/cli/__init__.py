"""The `jejak` command line: one module per command, `main` in `main.py`."""

from generator.cli.main import main

__all__ = ["main"]
