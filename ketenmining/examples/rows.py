"""Columnar rows of the exports, and what the writers need to render them.

During generation every row of every export is appended to a
:class:`SourceBuffer`: six compact typed arrays (about 12 bytes a row), no
Python object per event, so a million children fit in memory. Before writing,
a buffer is sorted once by local time (stable: rows of the same minute keep
their generation order), as a real export is ordered by date, not by case.

A row is ``child`` (index; indexes >= the number of children are children not
otherwise in the chain, with an invalid BSN), ``ts`` (local minutes since
1970-01-01 00:00, naive Europe/Amsterdam), ``act`` (activity code), ``lc``
(lifecycle code), ``aux`` (per source: VT dossier index, TT pilot flag) and
``flag`` (how the BSN is written: 0 plain, 1 the source's variant, 2 mistyped).
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass
from typing import Any

from ketenmining.examples.identities import dossier, mistype

FLAG_PLAIN, FLAG_VARIANT, FLAG_MISTYPED = 0, 1, 2


class SourceBuffer:
    """Rows of one export, appended during generation."""

    __slots__ = ("act", "aux", "child", "flag", "lc", "ts")

    def __init__(self) -> None:
        self.child = array("i")
        self.ts = array("i")
        self.act = array("b")
        self.lc = array("b")
        self.aux = array("h")
        self.flag = array("b")

    def add(self, child: int, ts: int, act: int, lc: int, aux: int, flag: int = FLAG_PLAIN) -> None:
        """Append one row."""
        self.child.append(child)
        self.ts.append(ts)
        self.act.append(act)
        self.lc.append(lc)
        self.aux.append(aux)
        self.flag.append(flag)

    def __len__(self) -> int:
        return len(self.ts)

    def sorted_rows(self) -> Rows:
        """The rows as numpy arrays, sorted by local time (stable)."""
        import numpy as np

        ts = np.frombuffer(self.ts, dtype=np.int32) if len(self) else np.zeros(0, np.int32)
        order = np.argsort(ts, kind="stable")

        def _col(a: array, dtype: Any) -> Any:
            if not len(a):
                return np.zeros(0, dtype)
            return np.frombuffer(a, dtype=dtype)[order]

        return Rows(
            child=_col(self.child, np.int32),
            ts=ts[order],
            act=_col(self.act, np.int8),
            lc=_col(self.lc, np.int8),
            aux=_col(self.aux, np.int16),
            flag=_col(self.flag, np.int8),
        )


@dataclass
class Rows:
    """Sorted rows of one export (numpy arrays of equal length)."""

    child: Any
    ts: Any
    act: Any
    lc: Any
    aux: Any
    flag: Any

    def __len__(self) -> int:
        return len(self.ts)

    def chunks(self, size: int = 50_000) -> Any:
        """Yield (start, stop) bounds of consecutive chunks of at most ``size`` rows."""
        for start in range(0, len(self), size):
            yield start, min(start + size, len(self))


@dataclass
class ExportContext:
    """What writers need besides the rows: the children's BSNs and time-zone offsets."""

    bsns: list[int]  # valid BSNs of the children (index = child)
    orphans: list[str]  # invalid BSNs of children not otherwise in the chain (index = child - n)
    offsets: Any  # numpy int16: UTC offset in minutes of each local day from ``offset_first_day``
    offset_first_day: int

    @property
    def children(self) -> int:
        """Number of children in the chain."""
        return len(self.bsns)

    def bsn(self, child: int, flag: int) -> str:
        """The BSN text of a row (plain, or mistyped for ``FLAG_MISTYPED``); variants are the writer's job."""
        if child >= len(self.bsns):
            return self.orphans[child - len(self.bsns)]
        text = f"{self.bsns[child]:09d}"
        if flag == FLAG_MISTYPED:
            return mistype(text, child)
        return text

    def dossier(self, org: str, index: int) -> str:
        """Dossier number at ``org``."""
        return dossier(org, index)

    def offset_minutes(self, ts: Any) -> Any:
        """UTC offsets (minutes) of local times ``ts`` (numpy array of local minutes)."""
        return self.offsets[ts // 1440 - self.offset_first_day]


def utc_offsets(first: dt.date, last: dt.date, zone: str = "Europe/Amsterdam") -> Any:
    """UTC offset in minutes of every day from ``first`` to ``last`` at noon local time.

    Events are scheduled between 08:30 and 17:30, far from the 02:00-03:00 daylight
    saving switch, so the noon offset holds for all of them.
    """
    from zoneinfo import ZoneInfo

    import numpy as np

    tz = ZoneInfo(zone)
    days = (last - first).days + 1
    out = np.empty(days, dtype=np.int16)
    for i in range(days):
        d = first + dt.timedelta(days=i)
        offset = dt.datetime(d.year, d.month, d.day, 12, tzinfo=tz).utcoffset()
        out[i] = int(offset.total_seconds() // 60) if offset is not None else 0
    return out


def strftime(ts_minutes: Any, fmt: str) -> list[str]:
    """Format local times (numpy minutes since 1970) with a strftime format, vectorised."""
    import pyarrow as pa
    import pyarrow.compute as pc

    seconds = pa.array(ts_minutes.astype("int64") * 60, type=pa.timestamp("s"))
    return pc.strftime(seconds, format=fmt).to_pylist()
