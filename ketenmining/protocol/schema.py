"""The JSON Schema of the protocol format, for editors (``protocol schema``).

With the YAML language server (VS Code "YAML" extension, many other editors)
a protocol file gets completion, hover help and checks while typing. The
schema is generated from the declarations the loader reads with
(:mod:`ketenmining.protocol.spec`); the loader stays the authority (it also
checks references, windows and semver, which a schema cannot) and
``protocol lint`` reports the rest.

``python -m ketenmining.protocol.schema`` (part of ``make docs``) writes
``docs/protocol.schema.json``; a test checks the committed file is current.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ketenmining.protocol.spec import PROTOCOL, SCHEMA_ID

__all__ = ["SCHEMA_ID", "protocol_schema", "schema_json"]

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "protocol.schema.json"


def protocol_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a protocol file."""
    return PROTOCOL.json_schema()


def schema_json() -> str:
    """The schema as pretty-printed JSON text."""
    return PROTOCOL.json_text()


def main(argv: list[str] | None = None) -> None:
    """Write the schema (default: docs/protocol.schema.json)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    out.write_text(schema_json(), encoding="utf-8")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
