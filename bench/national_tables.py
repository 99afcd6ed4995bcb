"""The national benchmark's tables: every figure beside its ratio to (b), as Markdown.

A cell is ``<value> <ratio>x``: ``12.3 ms 1.4x`` is 1.4 times what (b), raw pyoxigraph running
the same SPARQL, took in the same run. A step that ran out of its time budget shows the budget
as a lower bound (``> 30 s >250x``); a store not measured says why instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["BASE", "Figure", "STORES", "cell", "memory_table", "p50", "p95", "steps_table", "targets_table"]

#: The column every ratio is taken against.
BASE = "b"
#: Column key → heading, in print order.
STORES = {
    "a": "(a) service, embedded",
    "a-first": "(a) first request",
    "b": "(b) pyoxigraph",
    "c": "(c) rdflib",
    "d": "(d) service, Virtuoso",
    "d-first": "(d) first request",
}


@dataclass
class Figure:
    """What one store did in one step: the timed runs' seconds, or why there are none.

    Attributes:
        seconds: each timed run.
        at_least: the step was stopped after this many seconds before a run ended.
        missing: why the store has no figure here ("not yet", an error).
        note: what the run returned (rows, bytes, status).
        rows: the rows (or triples) its queries answered, where it ran queries.
    """

    seconds: list[float] = field(default_factory=list)
    at_least: float | None = None
    missing: str | None = None
    note: str = ""
    rows: int | None = None


def p50(values: list[float]) -> float:
    """The median.

    >>> p50([3.0, 1.0, 2.0, 10.0])
    2.5
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank (of ten runs, the largest).

    >>> p95([float(i) for i in range(1, 21)])
    19.0
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def duration(seconds: float) -> str:
    """
    >>> duration(0.01234), duration(2.5), duration(123.4)
    ('12.3 ms', '2.5 s', '123 s')
    """
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    return f"{seconds:.3g} s" if seconds < 100 else f"{seconds:.0f} s"


def ratio(value: float, base: float | None) -> str:
    """
    >>> ratio(3.0, 2.0), ratio(250.0, 1.0), ratio(1.0, 80.0), ratio(1.0, None)
    ('1.5x', '250x', '0.013x', '?x')
    """
    if not base:
        return "?x"
    times = value / base
    if times < 0.1:
        return f"{times:.2g}x"
    return f"{times:.1f}x" if times < 100 else f"{times:.0f}x"


def _value(figure: Figure | None, statistic) -> float | None:
    if figure is None or figure.missing or not figure.seconds:
        return None
    return statistic(figure.seconds)


def cell(figure: Figure | None, base: float | None, statistic, unit=duration) -> str:
    """One store's figure with its ratio to ``base`` (what (b) did in the same step)."""
    if figure is None:
        return "not run"
    if figure.missing:
        return figure.missing
    if not figure.seconds:
        return f"> {unit(figure.at_least)} >{ratio(figure.at_least, base)}"
    return f"{unit(statistic(figure.seconds))} {ratio(statistic(figure.seconds), base)}"


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)) + " |"
             for row in [header, *rows]]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def steps_table(steps: list[str], results: dict[str, dict[str, Figure]], statistic,
                stores: list[str], base_of=lambda step: step) -> str:
    """One row per step, one column per store (``results[store][step]``), then the notes.

    Args:
        base_of: the step of (b) a step's ratios are taken against (by default the same step).
    """
    rows = []
    for step in steps:
        base = _value(results.get(BASE, {}).get(base_of(step)), statistic)
        cells = [cell(results.get(store, {}).get(step), base, statistic) for store in stores]
        notes = "; ".join(f"{store}: {results[store][step].note}" for store in stores
                          if step in results.get(store, {}) and results[store][step].note)
        rows.append([step, *cells, notes])
    return _markdown(["step", *(STORES[store] for store in stores), "notes"], rows)


def memory_table(memory: dict[str, dict[str, float]], phases: dict[str, str], stores: list[str],
                 base_of: dict[str, str] | None = None) -> str:
    """Peak resident set (MiB) per phase and store, with its ratio to (b)'s in the same phase
    (or in the phase ``base_of`` names)."""
    def megabytes(value: float) -> str:
        return f"{value:.0f} MiB"

    rows = []
    for phase, label in phases.items():
        base = memory.get(BASE, {}).get((base_of or {}).get(phase, phase))
        cells = [cell(Figure([memory[store][phase]]), base, p50, megabytes)
                 if phase in memory.get(store, {}) else "—" for store in stores]
        rows.append([label, *cells])
    return _markdown(["process", *(STORES[store] for store in stores)], rows)


def targets_table(rows: list[tuple[str, str, str]]) -> str:
    """The issue's targets: (target, what was measured, met?)."""
    return _markdown(["target", "measured", "met"], [list(row) for row in rows])
