"""Discover how the chain really runs: maps, models and variants from DuckDB aggregates.

Stages (plain functions, no click, no printing):

* :mod:`~ketenmining.discover.aggregate` — DFGs at activity, organisation and
  swimlane level, variants, handovers (SQL in :mod:`ketenmining.discover.sql`);
* :mod:`~ketenmining.discover.suppress` — small-cell suppression of all of it;
* :mod:`~ketenmining.discover.maps` — Graphviz drawings (Dutch or English);
* :mod:`~ketenmining.discover.variants` — variant tables and a compact picture;
* :mod:`~ketenmining.discover.models` — inductive miner on the variant counts:
  process tree, Petri net (PNML), BPMN with a layout;
* :mod:`~ketenmining.discover.run` — the whole stage: aggregates → files;
* :mod:`~ketenmining.discover.api` — the entry point :func:`discover`: a log in, a Discovery out.
"""

from ketenmining.discover.api import Discovery, discover

__all__ = ["Discovery", "discover"]
