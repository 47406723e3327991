"""Stand-in for `generator.records.labels.field_title` (issue 18 moves the form's labels into the
SOP's data and lands that function on main): the title of a field as the form labels it, from
`editor_fields.LABELS` meanwhile. Same signature, so the switch is one import."""

from __future__ import annotations

from generator.portal.editor_fields import label
from generator.records.load import KeyPath
from generator.records.model import Sop

SEPARATOR = " › "


def field_title(sop: Sop, key_path: KeyPath) -> str:
    """'Langkah 4 › Penomoran › Undangan › Kepada › butir 2 › Wilayah' for
    ("langkah", 3, "penomoran", "undangan", "kepada", 1, "wilayah")."""
    parts: list[str] = []
    rest = list(key_path)
    if len(rest) >= 2 and rest[0] == "langkah" and isinstance(rest[1], int):
        index = rest[1]
        parts.append(f"Langkah {sop.steps[index].no if index < len(sop.steps) else index + 1}")
        rest = rest[2:]
    parts += [f"butir {k + 1}" if isinstance(k, int) else label(str(k)) for k in rest]
    return SEPARATOR.join(parts)
