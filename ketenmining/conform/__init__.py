"""Conformance: route alignments per variant, rule checks per case, seam checks."""

from ketenmining.conform.api import conform

__all__ = ["conform"]
