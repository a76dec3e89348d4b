"""What a results folder's files must be for a reader to trust them: each is checked against what
the run that wrote it recorded.

A part file records which task it is (config hash, root seed, point, replication, variant), so a
part that is corrupt, copied under another task's name or left by another run is found when it is
read, named, set aside in `rejected-parts/` and run again, instead of being merged. The manifest
carries a checksum of itself, so an edited one (a replication count cut from 60 to 5) is not taken
for the run's; and it records the SHA-256 and row count of every table the merge wrote, so a table
cut short or edited is found before a report is built on it. Functions here return what is wrong
(or None); the caller raises its own error, so readers and writers both can use them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

REJECTED = "rejected-parts"
IDENTITY = ("config_hash", "seed", "point", "replication", "variant")


def part_mismatch(path: Path, expected: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """A part's payload, or None and why it cannot be used: unreadable, or not the task `expected` says."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            payload = json.load(fh)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        return None, f"corrupt ({exc.__class__.__name__})"
    if not isinstance(payload, dict) or not {"kpis", "series", "customers"} <= payload.keys():
        return None, "corrupt (not a part file)"
    wrong = [k for k in IDENTITY if payload.get(k) != expected[k]]
    if wrong:
        said = ", ".join(f"{k} {_short(payload.get(k))} where {_short(expected[k])} was expected" for k in wrong)
        return None, f"not this run's part {path.name[:-len('.json.gz')]} (it records {said})"
    return payload, None


def _short(value: Any) -> str:
    text = repr(value)
    return text[:11] + "...'" if isinstance(value, str) and len(value) > 12 else text[:40]


def set_aside(path: Path, root: Path) -> Path:
    """Move a bad part to `root/rejected-parts/` (never over an earlier one), so it is kept to look at
    and its task runs again."""
    folder = root / REJECTED
    folder.mkdir(exist_ok=True)
    target, n = folder / path.name, 1
    while target.exists():
        target, n = folder / f"{path.name}.{n}", n + 1
    path.replace(target)
    return target


def sealed(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest with a checksum of everything else in it."""
    return {**manifest, "checksum": _checksum(manifest)}


def manifest_mismatch(manifest: dict[str, Any]) -> str | None:
    """Why a manifest is not as its run wrote it (None if it is, or predates checksums)."""
    if "checksum" not in manifest:
        return None
    if manifest["checksum"] != _checksum(manifest):
        return "edited after the run wrote it (its checksum does not match its contents)"
    return None


def _checksum(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


def record(data: bytes, gzipped: bool = False) -> dict[str, Any]:
    """What the manifest keeps of a table written: the SHA-256 of its bytes and its rows (header
    excluded)."""
    text = gzip.decompress(data) if gzipped else data
    return {"sha256": hashlib.sha256(data).hexdigest(), "rows": text.count(b"\n") - 1}


def file_mismatch(path: Path, kept: dict[str, Any] | None) -> str | None:
    """Why a table is not the one its run wrote (None if it is, or the manifest kept no record)."""
    if not kept:
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"cannot read ({exc.__class__.__name__})"
    if hashlib.sha256(data).hexdigest() == kept.get("sha256"):
        return None
    try:
        rows = record(data, path.suffix == ".gz")["rows"]
    except (OSError, EOFError, zlib.error):
        return "not what the run wrote (corrupt gzip)"
    if rows != kept.get("rows"):
        return f"not what the run wrote ({max(rows, 0):,} rows where the run wrote {kept.get('rows'):,}: cut short?)"
    return "not what the run wrote (same rows, other contents: edited?)"
