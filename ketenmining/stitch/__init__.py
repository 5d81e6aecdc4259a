"""Link the sources into one chain log; episodes; the data-quality report.

The entry point is :func:`stitch` (``ketenmining.stitch``): a chain config and
the key in, a :class:`~ketenmining.stitch.chainlog.ChainLog` out.
"""

from ketenmining.stitch.api import stitch
from ketenmining.stitch.chainlog import ChainLog

__all__ = ["ChainLog", "stitch"]
