"""ketenmining: process mining and route audits for the Dutch child-safety chain.

The package is a pipeline of plain functions (ingest → pseudonymise → stitch →
discover / conform / audit) with a thin click CLI on top. Importing the
package is cheap: heavy libraries (pandas, pm4py, duckdb) are imported inside
the functions that need them.
"""

__version__ = "0.1.0"
