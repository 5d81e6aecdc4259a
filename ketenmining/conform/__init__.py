"""Conformance: route alignments per variant, rule checks per case, seam checks."""
