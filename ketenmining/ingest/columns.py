"""Quick mode: which column is the case, the activity, the timestamp (and org, lifecycle).

A consultant runs one command on one export without naming its columns.
:func:`choose_columns` picks each role first **by name** — XES/pm4py names
(``case:concept:name``, ``concept:name``, ``time:timestamp``), the names
Disco, Celonis and ProM exports use (``Case ID``, ``Activity``, ``Complete
Timestamp``, ``_CASE_KEY``, ``EVENTTIME``), and Dutch ones (zaak, dossier,
cliënt, activiteit, handeling, gebeurtenis, datum, tijdstip, organisatie,
afdeling) — in tiers: the best tier with a match wins, and two columns in the
same tier are a tie that is refused with the candidates. A role no name fits
is then chosen **by content** on a sample of the first rows: the timestamp is
the column whose values all parse as timestamps, the case a column whose
values repeat in runs of rows, the activity a column with few distinct values
that change within a case. Nothing here reads a whole file.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ketenmining.errors import KetenError, Location
from ketenmining.ingest.readers.common import listed

#: Roles a quick-mode log can have; the first three are required.
ROLES = ("case", "activity", "timestamp", "lifecycle", "org")
REQUIRED = ("case", "activity", "timestamp")
OPTION = {
    "case": "--case",
    "activity": "--activity",
    "timestamp": "--timestamp",
    "lifecycle": "--lifecycle",
    "org": "--org",
}

#: Names per role, in tiers (normalised: lower case, no accents, runs of ' _-.' as one space).
NAME_TIERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "case": (
        ("case:concept:name",),
        (
            "case id",
            "caseid",
            "case key",
            "case number",
            "case nr",
            "case",
            "zaak",
            "zaak id",
            "zaakid",
            "zaaknummer",
            "zaaknr",
            "dossier",
            "dossier id",
            "dossiernummer",
            "dossiernr",
            "client",
            "client id",
            "clientnummer",
            "clientnr",
        ),
        (
            "trace id",
            "traceid",
            "trace",
            "id",
            "leerlingnummer",
            "patientnummer",
            "patient",
            "dossier nummer",
            "zaak nummer",
        ),
    ),
    "activity": (
        ("concept:name",),
        (
            "activity",
            "activity name",
            "activity en",
            "activiteit",
            "activiteitnaam",
            "handeling",
            "gebeurtenis",
            "event name",
            "task",
            "taak",
            "stap",
        ),
        ("event", "step", "action", "actie", "soort", "type"),
    ),
    "timestamp": (
        ("time:timestamp",),
        (
            "complete timestamp",
            "completed timestamp",
            "end timestamp",
            "timestamp",
            "eventtime",
            "event time",
            "tijdstip",
            "datum tijd",
            "datum en tijd",
            "datumtijd",
            "date time",
            "datetime",
            "moment",
        ),
        ("time", "datum", "date", "end time", "end date", "einddatum", "tijd"),
    ),
    "lifecycle": (
        ("lifecycle:transition",),
        ("lifecycle", "lifecycle transition", "transition", "event type", "eventtype"),
    ),
    "org": (
        ("org:group",),
        (
            "organisation",
            "organization",
            "organisatie",
            "org",
            "afdeling",
            "department",
            "group",
            "team",
            "org:role",
        ),
    ),
}

#: Names of columns that look like a timestamp of something else (never picked by content).
_NOT_EVENT_TIME = re.compile(r"start|begin|deadline|planned|gepland|birth|geboorte|case:")
#: Raw personal identifiers are never chosen by content: name them (with --key-file) on purpose.
_PERSONAL = re.compile(r"bsn|burgerservice|naam|name|adres|address|geboren|birth", re.I)
#: Fewest distinct values a case column must show in a sample of this many rows or more.
_CASES_IN_SAMPLE = (100, 10)


def normalise(name: str) -> str:
    """A column name for comparison: lower case, accents removed, ``_-. `` runs as one space."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\s_\-.]+", " ", text.strip().lower()).strip()


@dataclass
class Choice:
    """The column chosen for each role and how (``given``, ``name``, ``content``)."""

    columns: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)

    def get(self, role: str) -> str | None:
        """The column of ``role``, or None."""
        return self.columns.get(role)


def _tie(role: str, found: Sequence[str], where: Location) -> KetenError:
    names = ", ".join(f"'{n}'" for n in found)
    return KetenError(
        f"two columns could be the {role}: {names}",
        hint=f"say which one: {OPTION[role]} COLUMN (e.g. {OPTION[role]} '{found[0]}')",
        where=where,
    )


def by_name(role: str, available: Sequence[str], taken: set[str], where: Location) -> str | None:
    """The column whose name fits ``role`` best, None when none does; a tie is refused."""
    normal = {c: normalise(c) for c in available if c not in taken}
    for tier in NAME_TIERS[role]:
        found = [c for c, n in normal.items() if n in tier]
        if len(found) > 1:  # two names of the same standing: the user decides
            raise _tie(role, found, where)
        if found:
            return found[0]
    return None


def _runs(values: list[str | None]) -> float:
    """Share of neighbouring rows with the same (non-empty) value."""
    pairs = [(a, b) for a, b in itertools.pairwise(values) if a and b]
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else 0.0


def _present(values: list[Any]) -> list[str]:
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def _case_score(values: list[Any]) -> float | None:
    present = _present(values)
    if len(present) < 4:
        return None
    distinct = len(set(present))
    if distinct < 2 or distinct > 0.7 * len(present):
        return None
    rows, fewest = _CASES_IN_SAMPLE
    if len(present) >= rows and distinct < fewest:
        return None  # a handful of values over many rows: a category (a team, a school), not cases
    runs = _runs([None if v is None else str(v).strip() for v in values])
    return runs if runs >= 0.3 else None


def _activity_score(values: list[Any], cases: list[Any]) -> float | None:
    present = _present(values)
    if len(present) < 4:
        return None
    distinct = set(present)
    if not 2 <= len(distinct) <= 500 or len(distinct) > 0.5 * len(present):
        return None
    if all(re.fullmatch(r"[+-]?[\d.,]+", v) for v in distinct):
        return None  # numbers are measurements, not steps
    per_case: dict[str, list[str]] = {}
    for case, value in zip(cases, values, strict=False):
        if case is not None and value is not None and str(value).strip():
            per_case.setdefault(str(case), []).append(str(value).strip())
    multi = [v for v in per_case.values() if len(v) > 1]
    if not multi:
        return None
    change = sum(len(set(v)) / len(v) for v in multi) / len(multi)
    return change if change >= 0.5 else None


def _best(role: str, scores: dict[str, float], where: Location) -> str | None:
    if not scores:
        return None
    ranked = sorted(scores, key=lambda c: -scores[c])
    if len(ranked) > 1 and abs(scores[ranked[0]] - scores[ranked[1]]) < 1e-9:
        raise _tie(role, [c for c in ranked if abs(scores[c] - scores[ranked[0]]) < 1e-9], where)
    return ranked[0]


def choose_columns(
    given: dict[str, str | None],
    available: Sequence[str],
    sample: Callable[[str], list[Any]],
    is_timestamp: Callable[[list[Any]], bool],
    where: Location,
) -> Choice:
    """Pick a column for every role (see the module docs).

    ``given`` holds the command-line choices; ``sample(column)`` returns the
    first values of a column (aligned by row); ``is_timestamp(values)`` says
    whether values all parse as timestamps. Raises a KetenError when a
    required role cannot be decided, naming the columns there are.
    """
    choice = Choice()
    for role, column in given.items():
        if column:
            choice.columns[role], choice.how[role] = column, "given"
    taken = set(choice.columns.values())
    for role in ROLES:
        if role in choice.columns:
            continue
        column = by_name(role, available, taken, where)
        if column is not None:
            choice.columns[role], choice.how[role] = column, "name"
            taken.add(column)
    missing = [r for r in REQUIRED if r not in choice.columns]
    if missing:
        _by_content(choice, missing, available, sample, is_timestamp, where)
    missing = [r for r in REQUIRED if r not in choice.columns]
    if missing:
        options = " ".join(f"{OPTION[r]} COLUMN" for r in missing)
        hint = f"name it: {options}"
        personal = [c for c in available if _PERSONAL.search(c)]
        if "case" in missing and personal:
            hint += (
                f"; a personal id such as '{personal[0]}' is only used when named, "
                f"with --key-file to pseudonymise it: --case '{personal[0]}' --key-file KEY"
            )
        raise KetenError(
            f"cannot tell which column is the {' and the '.join(missing)}; "
            f"the columns are {listed(list(available))}",
            hint=hint,
            where=where,
        )
    return choice


def _by_content(
    choice: Choice,
    missing: list[str],
    available: Sequence[str],
    sample: Callable[[str], list[Any]],
    is_timestamp: Callable[[list[Any]], bool],
    where: Location,
) -> None:
    cache: dict[str, list[Any]] = {}

    def values(column: str) -> list[Any]:
        if column not in cache:
            cache[column] = sample(column)
        return cache[column]

    def free() -> list[str]:
        chosen = set(choice.columns.values())
        return [c for c in available if c and c not in chosen and not _PERSONAL.search(c)]

    if "timestamp" in missing:
        found = [
            c
            for c in free()
            if not _NOT_EVENT_TIME.search(c.lower())
            and _present(values(c))
            and is_timestamp(values(c))
        ]
        pick = _best("timestamp", {c: 1.0 for c in found}, where) if found else None
        if pick:
            choice.columns["timestamp"], choice.how["timestamp"] = pick, "content"
    if "case" in missing:
        scores = {c: s for c in free() if (s := _case_score(values(c))) is not None}
        pick = _best("case", scores, where)
        if pick:
            choice.columns["case"], choice.how["case"] = pick, "content"
    if "activity" in missing and "case" in choice.columns:
        cases = values(choice.columns["case"])
        scores = {c: s for c in free() if (s := _activity_score(values(c), cases)) is not None}
        pick = _best("activity", scores, where)
        if pick:
            choice.columns["activity"], choice.how["activity"] = pick, "content"
