"""Write a parsed TOML document back as text, so an edited study can be exported and rerun.

Handles what experiment files hold: tables, arrays of tables, and scalars or arrays of scalars
(strings, booleans, integers, floats, dates); None (an unset optional key) is left out.
`tomllib.loads(dumps(d)) == d` for such documents.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def dumps(doc: dict[str, Any], header: str = "") -> str:
    """The document as TOML text; `header` lines become comments at the top."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _table(doc, [], lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _table(table: dict[str, Any], path: list[str], lines: list[str]) -> None:
    """Scalars first (they belong to this table's header), then sub-tables and arrays of tables.
    TOML has no null: a key whose value is None is left out (it takes its default)."""
    table = {k: v for k, v in table.items() if v is not None}
    for key, value in table.items():
        if not _is_table(value) and not _is_table_array(value):
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in table.items():
        if _is_table(value):
            if _needs_header(value):
                lines += ["", f"[{_dotted([*path, key])}]"]
            _table(value, [*path, key], lines)
        elif _is_table_array(value):
            for item in value:
                lines += ["", f"[[{_dotted([*path, key])}]]"]
                _table(item, [*path, key], lines)


def _needs_header(table: dict[str, Any]) -> bool:
    """A table of sub-tables only needs no header of its own (`[variants]` above `[variants.a]`)."""
    return not table or any(not _is_table(v) and not _is_table_array(v) for v in table.values())


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _dotted(path: list[str]) -> str:
    return ".".join(_key(p) for p in path)


def _key(key: str) -> str:
    return key if BARE_KEY.fullmatch(key) else _string(key)  # fullmatch: `$` would let "a\n" pass


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes, plus DEL, which TOML forbids raw and JSON leaves alone."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
