"""Generic output formats any stage or renderer may use: JUnit XML, GitHub annotations, SVG.

Nothing here knows a stage's results: each module turns plain values into a
format (:mod:`.junit` test suites, :mod:`.github` workflow annotations,
:mod:`.svg` inline charts and SVG clean-up). Stages (the protocol linter, the
test runner) and the renderers in :mod:`ketenmining.report` build on them.
"""
