"""The string values of one record searched as one text: a check that looks for a pattern in every
value finds the few values that can hold it with one search of the joined texts (in C), instead of
a Python step per value; only those few are then judged one by one, as before."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from generator.records.load import KeyPath, Loaded

# Between two values in the joined text. The loader refuses NUL in any value (as written or as an
# escape), so no value holds it; a probe pattern must not match it (no `[^…]` class, no `.`).
SEPARATOR = "\x00"


class ValueTexts:
    """Every string value of a loaded record (its `texts`, in document order), joined once."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.texts = loaded.texts
        self.joined = SEPARATOR.join(self.texts)
        self.starts: list[int] = []
        at = 0
        for text in self.texts:
            self.starts.append(at)
            at += len(text) + 1

    def holding(self, probe: re.Pattern[str]) -> Iterator[tuple[int, str]]:
        """(index, text) of each value in which `probe` matches, once each, in document order.
        `probe` must match within one value only (never across SEPARATOR)."""
        return self._holding(probe, self.joined)

    def holding_word(self, word: str) -> Iterator[tuple[int, str]]:
        """`holding(re.compile(re.escape(word), re.IGNORECASE))`. When the word and the texts are
        ASCII, the word in lower case is found in the texts in lower case (the same positions): a
        literal search in C, where sre reads a pattern ignoring case a character at a time (~10x
        slower over a complete record)."""
        if word.isascii() and self.joined.isascii():
            return self._holding(re.compile(re.escape(word.lower())), self._lower)
        return self.holding(re.compile(re.escape(word), re.IGNORECASE))

    @cached_property
    def _lower(self) -> str:
        return self.joined.lower()

    def _holding(self, probe: re.Pattern[str], joined: str) -> Iterator[tuple[int, str]]:
        last = -1
        for match in probe.finditer(joined):
            index = bisect_right(self.starts, match.start()) - 1
            if index != last:
                last = index
                yield index, self.texts[index]

    def keys(self, index: int) -> KeyPath:
        """The key path of the value at `index` (a walk of the data, asked only for a finding)."""
        return self._paths[index]

    @cached_property
    def _paths(self) -> list[KeyPath]:
        found: list[KeyPath] = []
        _paths(self.loaded.data, (), found)
        assert len(found) == len(self.texts), "texts and data disagree"
        return found


def _paths(data: Any, keys: KeyPath, found: list[KeyPath]) -> None:
    if isinstance(data, str):
        found.append(keys)
    elif isinstance(data, dict):
        for key, value in data.items():
            _paths(value, (*keys, key), found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _paths(value, (*keys, index), found)
