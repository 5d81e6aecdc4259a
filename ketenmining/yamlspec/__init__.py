"""Declared YAML formats: one declaration gives the loader's key checks and the JSON Schema.

* :mod:`~ketenmining.yamlspec.nodes` — value kinds, fields, records, and a
  whole :class:`~ketenmining.yamlspec.nodes.Spec` with its JSON Schema;
* :mod:`~ketenmining.yamlspec.checker` — the walker that checks a document's
  mappings against those declarations, with file:line:column and did-you-mean.

The formats themselves are declared beside their loaders:
:mod:`ketenmining.config.spec` (``keten.yaml``, schema in
``docs/chain-config.schema.json``) and :mod:`ketenmining.protocol.spec` (the
protocol, ``docs/protocol.schema.json``); ``make docs`` writes both schema
files and a test checks that the committed ones are current.
"""
