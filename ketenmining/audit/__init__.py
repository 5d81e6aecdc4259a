"""The ISO-style chain audit: findings in ISO classes, the file-review sample, the audit record.

``classify`` turns a :class:`~ketenmining.conform.result.ConformResult` into
findings (major / minor nonconformity, observation, opportunity for
improvement), ``sampling`` draws the reproducible, stratified sample for file
review, and ``record`` assembles the one JSON-ready audit record that every
renderer in :mod:`ketenmining.report` draws from. ``summary`` gives the
terminal table of findings and the ``--fail-on`` exit-code decision.
"""

from ketenmining.audit.api import AuditRecord, audit

__all__ = ["AuditRecord", "audit"]
