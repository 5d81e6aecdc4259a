"""Renderers of finished records (JUnit XML, GitHub annotations, ...), independent of any stage."""
