"""The placeholders `jejak new` writes, and how a record that still holds one is recognised.

A placeholder must never validate: an unchanged skeleton would otherwise publish an event
on 1 January with no place and no quota."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

DATE = "TTTT-BB-HH"
TEXT = "ISI: "  # what follows says what to write, with an example


def placeholder(label: str, node: Mapping[str, Any]) -> str:
    """`ISI: kejuruan, misalnya Menjahit`: the field's label, and the first of its schema's examples."""
    examples = node.get("examples") or ()
    return TEXT + label.lower() + (f", misalnya {examples[0]}" if examples else "")


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and (value == DATE or value.startswith(TEXT))


def placeholder_paths(data: Any, path: tuple = ()) -> Iterator[tuple]:
    """The key path of every value still holding a placeholder."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from placeholder_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from placeholder_paths(value, (*path, index))
    elif is_placeholder(data):
        yield path


def placeholder_hint(value: str, number: bool = False) -> str:
    if value == DATE:
        return "tulis tanggalnya dengan format TTTT-BB-HH (tahun-bulan-tanggal), misalnya 2026-11-25"
    wanted = value.removeprefix(TEXT)
    return f"ganti dengan {wanted}" + (" (angka saja, tanpa tanda kutip)" if number else "")
