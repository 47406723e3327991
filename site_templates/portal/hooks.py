"""MkDocs hooks of the Jejak portal; the code lives in generator/portal/hooks.py.

mkdocs.yml names this file under `hooks:`. When MkDocs is run straight from a checkout
(not installed), the repository root is put on the import path so `generator` is found.
"""

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if (_ROOT / "generator" / "portal" / "hooks.py").is_file() and str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from generator.portal.hooks import (  # noqa: E402
    on_config,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_serve,
)

__all__ = ["on_config", "on_files", "on_page_markdown", "on_page_content", "on_page_context", "on_serve"]
