"""The example chain Midden-Brabant and its seeded generator.

``python -m ketenmining.examples`` writes one export per organisation (GPs,
schools, police, Veilig Thuis, Toegang, Raad), each in its own format, with
known deviations injected at known rates, and the ground truth next to it.
See ``examples/midden-brabant/README.md`` and :func:`generate_chain`.

Importing this package is cheap; the generator imports numpy, pyarrow and
openpyxl only when it runs.
"""

from __future__ import annotations

from typing import Any


def generate_chain(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Generate the example chain (see :func:`ketenmining.examples.generate.generate_chain`)."""
    from ketenmining.examples.generate import generate_chain as _generate

    return _generate(*args, **kwargs)


__all__ = ["generate_chain"]
