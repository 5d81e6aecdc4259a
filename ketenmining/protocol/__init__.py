"""The chain protocol language: load, lint, test, evaluate, draw and compare protocols.

Modules: :mod:`.model` (typed model), :mod:`.load` (YAML → model, every
problem at once), :mod:`.calendar` (working days), :mod:`.evaluate` (THE rule
evaluator), :mod:`.route` (the route's automaton), :mod:`.compile` (pm4py
process tree / Petri net, BPMN/PNML routes), :mod:`.lint` (one module per lint
rule), :mod:`.testrun`, :mod:`.show`, :mod:`.diff`, :mod:`.schema`,
:mod:`.docgen`. Importing this package is cheap (no pm4py, pandas or holidays).
"""
