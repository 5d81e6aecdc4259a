"""Which protocol steps a chain config (``keten.yaml``) can produce.

For ``protocol lint --config keten.yaml`` (rule P006): every source's
``activities:`` mapping (``Source name: step_id``) and its ``patterns:``
(``{match: regex, step: step_id}``) name the steps that the source's
activities become. The config is read by the chain-config loader, so a
broken config is reported the same way ``stitch`` reports it.
"""

from __future__ import annotations

from pathlib import Path


def steps_from_config(path: str | Path) -> set[str]:
    """Step ids that some source of the chain config maps an activity to."""
    from ketenmining.config.load import load_config

    config = load_config(path)
    out: set[str] = set()
    for source in config.sources:
        out.update(step for _, step in source.activity_map)
        out.update(p.step for p in source.patterns if p.step)
    return out
