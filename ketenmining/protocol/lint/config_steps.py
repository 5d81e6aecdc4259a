"""Which protocol steps a chain config (``keten.yaml``) can produce.

For ``protocol lint --config keten.yaml`` (rule P006): every source's
``activities:`` mapping (``Source name: step_id``) and its ``patterns:``
(``{match: regex, step: step_id}``) name the steps that the source's
activities become. Read leniently: this only collects step ids; validating
the config is the config loader's job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketenmining.yamldoc import load_yaml_file


def steps_from_config(path: str | Path) -> set[str]:
    """Step ids that some source of the chain config maps an activity to."""
    doc = load_yaml_file(path, what="chain config")
    data: Any = doc.data if isinstance(doc.data, dict) else {}
    out: set[str] = set()
    for source in data.get("sources") or []:
        if not isinstance(source, dict):
            continue
        acts = source.get("activities") or {}
        if not isinstance(acts, dict):
            continue
        for name, step in acts.items():
            if name == "patterns" and isinstance(step, list):
                out.update(
                    p["step"]
                    for p in step
                    if isinstance(p, dict) and isinstance(p.get("step"), str)
                )
            elif isinstance(step, str):
                out.add(step)
    return out
