"""The blocks of one container (the page, or a table cell) as they are made: the margin
still owed between two blocks (CSS collapses vertical margins; before a table Word needs a
paragraph to hold it), and where blocks sit horizontally.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.documents.docx_blocks import Para
from generator.documents.docx_table import Table


@dataclass
class Frame:
    """Where a block's paragraphs sit horizontally inside their container."""

    left: float = 0.0
    right: float = 0.0
    push: float | None = None
    left_share: float = 0.0


@dataclass
class Flow:
    """The blocks of one container (the page, or one table cell) and the margin still owed."""

    blocks: list[Para | Table] = field(default_factory=list)
    gap: float = 0.0

    def add(self, block: Para | Table) -> None:
        if isinstance(block, Para):
            if self.gap > block.before:
                block.before = self.gap
            self.gap = 0.0
            self.blocks.append(block)
            return
        previous = self.blocks[-1] if self.blocks else None
        if isinstance(previous, Para) and self.gap:
            previous.after = max(previous.after, self.gap)
        elif self.gap or isinstance(previous, Table):  # two tables touching would become one in Word
            # the margin between them: kept with the table after it only while the block before
            # keeps with it (keeps() adds that later), so a page may break here as CSS's would
            kept = previous is not None and _keeps(previous)
            self.blocks.append(Gap(line=max(self.gap, 1.0), exact=True, size=1.0, keep_next=kept))
        self.gap = 0.0
        self.blocks.append(block)


class Gap(Para):
    """The margin between two blocks where one is a table, as an empty paragraph that high."""

    __slots__ = ()


def first_margin(blocks: list[Para | Table]) -> float:
    """The space before the first block, taken out of it (it goes before the block holding it)."""
    if not blocks:
        return 0.0
    first = blocks[0]
    if isinstance(first, Gap):
        del blocks[0]
        return first.line
    if isinstance(first, Para):
        margin, first.before = first.before, 0.0
        return margin
    return 0.0


def _keeps(block: Para | Table) -> bool:
    return block.keep_next if isinstance(block, Para) else block.keeps_next()


def unbreakable(block: Para | Table) -> bool:
    """A table of one row that cannot split: a block written whole (`together`, `framed`, a
    signature table)."""
    return isinstance(block, Table) and len(block.rows) == 1 and (block.rows[0].cant_split or block.keep_together)
