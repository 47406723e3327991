"""Column widths of a Word table as the PDF's auto table layout gives them (CSS Tables 3, as
WeasyPrint implements it): the same widths make the same lines wrap in the Word file.

A column is *constrained* when a cell or <col> gives it a width; its max-content width is then
that width (wider only when a word is). Widths are points; `shares` are percentages as
fractions; `fit` is the margin of error measured widths carry (docx_blocks.FIT).
"""

from __future__ import annotations


def auto_width(lows: list[float], highs: list[float], shares: list[float]) -> float:
    """An auto-width table's width: its columns' max-content, widened until each column with a
    percentage gets it (CSS 2.1 auto layout); the container's width caps it afterwards."""
    width = max(sum(highs), sum(lows))
    shared = sum(shares)
    if not shared:
        return width
    width = max([width] + [high / share for high, share in zip(highs, shares, strict=False) if share])
    rest = sum(high for high, share in zip(highs, shares, strict=False) if not share)
    if rest:
        width = max(width, rest / (1 - shared)) if shared < 1 else float("inf")
    return width


def distribute(
    lows: list[float], highs: list[float], total: float, constrained: list[bool], shares: list[float], fit: float
) -> list[float]:
    """The columns' widths in `total` points. Four guesses, each wider than the one before: every
    column at its min-content width; then percentage columns at their percentage; then
    constrained columns at their width; then every column at its max-content width. The width
    falls between two guesses, and each column gets its share of the way from one to the other.
    Wider than the last guess, the rest goes to the columns nobody constrained."""
    if not lows:
        return []
    if total <= sum(lows) <= total * fit:  # short only by the margin measured text carries (`fit`)
        return [low * total / sum(lows) for low in lows]
    if total <= sum(lows):  # too narrow for every word: the widest columns give way first
        cap = _cap(lows, total)
        return [min(low, cap) for low in lows]
    columns = list(zip(lows, highs, constrained, shares, strict=True))
    percent = [max(share * total, low) if share else low for low, _, _, share in columns]
    specified = [
        p if share else (high if fixed else low) for p, (low, high, fixed, share) in zip(percent, columns, strict=True)
    ]
    widest = [p if share else high for p, (_, high, _, share) in zip(percent, columns, strict=True)]
    if total < sum(widest):
        guesses = (lows, percent, specified, widest)
        lower = next(g for g in reversed(guesses) if sum(g) <= total)
        upper = next(g for g in guesses if sum(g) >= total)
        room = sum(upper) - sum(lower)
        ratio = (total - sum(lower)) / room if room else 0.0
        return [low + (high - low) * ratio for low, high in zip(lower, upper, strict=True)]
    return _spread(widest, total - sum(widest), highs, constrained, shares)


def _spread(
    widths: list[float], excess: float, highs: list[float], constrained: list[bool], shares: list[float]
) -> list[float]:
    """Width left over: to the free columns by their max-content width, else to the constrained
    ones, else by percentage, else evenly."""
    count = len(widths)
    groups = (
        [c for c in range(count) if not constrained[c] and not shares[c] and highs[c] > 0],
        [c for c in range(count) if not constrained[c] and not shares[c]],
        [c for c in range(count) if constrained[c] and not shares[c] and highs[c] > 0],
        [c for c in range(count) if shares[c] and highs[c] > 0],
        list(range(count)),
    )
    weights = (highs, None, highs, shares, None)
    for group, weight in zip(groups, weights, strict=True):
        if not group:
            continue
        total = sum(weight[c] for c in group) if weight else len(group)
        out = list(widths)
        for c in group:
            out[c] += excess * (weight[c] if weight else 1) / total
        return out
    return widths


def _cap(widths: list[float], total: float) -> float:
    """The width c with sum(min(w, c)) == total: cutting only what is above c."""
    ordered = sorted(widths)
    below = 0.0
    for i, width in enumerate(ordered):
        rest = len(ordered) - i
        if below + width * rest >= total:
            return (total - below) / rest
        below += width
    return ordered[-1]
