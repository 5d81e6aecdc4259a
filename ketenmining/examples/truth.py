"""The ground truth written next to the example data: ``truth.csv`` and ``truth.json``.

``truth.csv`` has one row per (case pseudonym, episode)::

    case_id,episode,cohort,ended,deviations,expected_rules,pending

* ``case_id``: HMAC-SHA256 pseudonym of the child's BSN under the demo key
  (exactly what ``ketenmining stitch`` computes);
* ``episode``: 1, 2, ... (a new episode after more than 12 months of silence);
* ``cohort``: Toegang's way of working for this episode ("Verbindend
  Samenwerken" or "Regulier"), empty when Toegang is not involved;
* ``ended``: ``true`` when the episode ended (closed, or stopped long enough
  before the end of the data), ``false`` when it is still running;
* ``deviations``: injected deviation labels, ``;``-separated, empty if clean;
* ``expected_rules``: the protocol rules these deviations violate (exactly);
* ``pending``: ``true`` when the deviating episode was not over well before
  the end of the data (cut off by it, or a missed deadline not yet passed):
  its expected rules may still be pending at the data end, and no rule
  outside them is violated; ``false`` otherwise (always for clean episodes).

``truth.json`` holds the run's parameters, the labels with their rates and
rules, counts, the clock skew, the rows with an invalid id per source and the
number of rows and chain events per source. Neither file holds a raw BSN,
dossier number or name.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import TracebackType
from typing import Any

from ketenmining.examples.scenario import expected_rules

COLUMNS = ("case_id", "episode", "cohort", "ended", "deviations", "expected_rules", "pending")


class TruthWriter:
    """Streams ``truth.csv`` rows (use as a context manager)."""

    def __init__(self, path: Path) -> None:
        self._fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in __exit__
        self._writer = csv.writer(self._fh, lineterminator="\n")
        self._writer.writerow(COLUMNS)
        self.rows = 0

    def add(
        self,
        case_id: str,
        episode: int,
        cohort: str,
        ended: bool,
        labels: tuple[str, ...],
        pending: bool = False,
    ) -> None:
        """Write one (case, episode) row."""
        self._writer.writerow(
            (
                case_id,
                episode,
                cohort,
                "true" if ended else "false",
                ";".join(labels),
                ";".join(expected_rules(labels)),
                "true" if pending else "false",
            )
        )
        self.rows += 1

    def __enter__(self) -> TruthWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._fh.close()


def write_truth_json(path: Path, summary: dict[str, Any]) -> None:
    """Write ``truth.json`` (sorted keys where order carries no meaning, 2-space indent)."""
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_truth(path: Path) -> list[dict[str, Any]]:
    """Read ``truth.csv`` into dicts with typed fields (episode int, ended bool, lists)."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.append(
                {
                    "case_id": row["case_id"],
                    "episode": int(row["episode"]),
                    "cohort": row["cohort"],
                    "ended": row["ended"] == "true",
                    "deviations": [x for x in row["deviations"].split(";") if x],
                    "expected_rules": [x for x in row["expected_rules"].split(";") if x],
                    "pending": row.get("pending") == "true",
                }
            )
    return out
