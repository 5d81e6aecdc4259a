"""Texts of the examples area: message id (after "examples.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/examples/cli.py (python -m ketenmining.examples)
    "done": {
        "en": "{children} children, {cases} cases ({deviating} with deviations, {clean} clean) written to {out} in {seconds:.1f} s",
        "nl": "{children} kinderen, {cases} zaken ({deviating} met afwijkingen, {clean} zonder) geschreven naar {out} in {seconds:.1f} s",
    },
}
