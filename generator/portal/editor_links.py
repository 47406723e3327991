"""Links from the portal's pages into the form editor (/ubah/, see editor.py): straight to the
editor's own address when it has one (the portal's copy of /ubah/ would only send the browser on)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from generator.portal.editor import WILDCARDS, addresses
from generator.records.model import Event
from generator.records.workspace import Workspace


def editor_base(workspace: Workspace | None, relative: str) -> str:
    own = addresses(workspace.office)[0] if workspace else None
    if not own or urlsplit(own).hostname in WILDCARDS:
        return relative  # `jejak serve --alamat 0.0.0.0:…`: the copy sends on, to the host the browser used
    return own


def form_link(event: Event, record: str, workspace: Workspace | None = None) -> str | None:
    """The event's entry in the editor (its slug is its path under records/), from kegiatan/<kode>/."""
    if not (record.startswith("records/") and record.endswith(".yaml")):
        return None
    slug = quote(record.removeprefix("records/").removesuffix(".yaml"), safe="/")
    return f"{editor_base(workspace, '../../ubah/')}#/collections/{quote(event.sop)}/entries/{slug}"


def new_event_links(workspace: Workspace) -> list[tuple[str, str]]:
    """(label, href from the dashboard) of "Kegiatan baru" per SOP."""
    many = len(workspace.sops) > 1
    links = []
    for sop in workspace.sops.values():
        name = f"Kegiatan baru ({sop.identity.get('nama') or sop.id})" if many else "Kegiatan baru"
        links.append((name, f"{editor_base(workspace, 'ubah/')}#/collections/{quote(sop.id)}/new"))
    return links
