"""The result of ``analyse forecast``: a light module, so the API can name it without numpy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from ketenmining.analyse.backtest import Backtest


@dataclass
class ForecastResult:
    """The forecast, the backtest and what was left out (organisations kept, in order)."""

    orgs: list[str]
    origin: float  # the Monday the forecast starts (days since 1970-01-01)
    weeks: int
    k: int
    mean: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    history_weeks: np.ndarray  # Mondays (days)
    history: np.ndarray  # observed inflow per kept organisation and week before the origin
    backtest: Backtest
    suppressed_orgs: list[str] = field(default_factory=list)
    forecast_records: list[dict[str, Any]] = field(default_factory=list)
    backtest_records: list[dict[str, Any]] = field(default_factory=list)
