"""The `jejak` MkDocs plugin as MkDocs loads it (entry point in pyproject.toml): the portal's plugin
(generator/portal/plugin.py) plus what only the command line knows, its own guide's options."""

from __future__ import annotations

from generator.cli.guide import GUIDE, command_guide
from generator.portal.plugin import PortalPlugin


class JejakPlugin(PortalPlugin):
    def expand_guide(self, page: str, markdown: str) -> str:
        return command_guide(markdown) if page == GUIDE else markdown
