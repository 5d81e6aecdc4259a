"""Conformance: how the real cases relate to an agreed route.

Route conformance works by optimal alignments, computed once per variant
(a distinct sequence of activities) and expanded to the cases that share it:

- :mod:`ketenmining.conform.netcompile` turns a Petri net (from a model file
  or a compiled protocol) into plain, picklable search tables;
- :mod:`ketenmining.conform.search` finds one optimal alignment per variant;
- :mod:`ketenmining.conform.alignments` runs that over all variants on every
  core and computes fitness the way pm4py does;
- :mod:`ketenmining.conform.deviations` names what went wrong in plain words;
- :mod:`ketenmining.conform.route` is the stage the CLI calls: events in,
  fitness and deviations per case out.
"""
