"""Strategy areas a source names only by their number: VG2020's prioritised questions.

The 2020 delregional grants (003) print each project's prioritised question as a number ("Prior.
fråga 3"); the questions' wording is in VG2020 itself, which is not one of the sources, so the
data holds "Prioriterad fråga 3" and no more. Rather than make the wording up, the analyses
give such an area its theme (the area it lies under: "Prioriterad fråga 3 – En ledande
kunskapsregion") and the strategy its wording is in, and the pages say so.

An area counts as numbered when its ``skos:notation`` is a number, its name ends with that
number, and it lies under a broader area.
"""

from __future__ import annotations

from graph.named_queries import select
from graph.per_generation import per_generation
from graph.resources.common import ref

__all__ = ["numbered_areas", "themed"]


def numbered_areas(store) -> dict[str, dict]:
    """Concept IRI → ``{"theme": its broader area, "wording_in": its strategy}`` for every area a
    source names only by number (once per store generation)."""
    def compute() -> dict[str, dict]:
        return {row["concept"]: {"theme": ref(row["broader"], row["broader_label"],
                                              label_en=row["broader_label_en"]),
                                 "wording_in": ref(row["scheme"], row["scheme_label"])}
                for row in select(store, "strategy_numbered_areas")
                if row["label"].rstrip().endswith(f" {row['notation']}")}
    return per_generation(store, "numbered_areas", compute)


def themed(store, items: list[dict]) -> list[dict]:
    """``items`` (strategy-area references), each numbered one with its theme and strategy."""
    found = numbered_areas(store)
    return [{**item, **found[item["iri"]]} if item.get("iri") in found else item for item in items]
