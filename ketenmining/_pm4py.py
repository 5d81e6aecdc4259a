"""Import pm4py quietly: no welcome banner, no tqdm bars, no deprecation noise.

Always get pm4py through :func:`pm4py_quiet` inside the function that needs
it, never at module import time (start-up of the CLI must stay fast).
"""

from __future__ import annotations

import os
import sys
import warnings
from types import ModuleType


def pm4py_quiet() -> ModuleType:
    """Return the pm4py module with its progress bars and banner switched off."""
    os.environ["PM4PY_SHOW_PROGRESS_BAR"] = "false"
    sys._pm4py_welcome_shown = True  # type: ignore[attr-defined]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pm4py
    from pm4py.util import constants

    constants.SHOW_PROGRESS_BAR = False
    warnings.filterwarnings("ignore", module=r"pm4py(\..*)?")
    return pm4py
