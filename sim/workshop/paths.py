"""Which files the workshop server may read: the configs and results folders, and its own page.

Every path from a request is named by a root ("configs/...", "results/...") and resolved; whatever
resolves outside that root (`..`, encoded `..`, absolute paths, symlinks out) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).parent / "static"


class Refused(Exception):
    """A request for a path outside the folders the workshop serves."""


@dataclass(frozen=True)
class Roots:
    """The folders the page may name: experiment files and results folders."""

    configs: Path
    results: Path

    def by_name(self) -> dict[str, Path]:
        return {"configs": self.configs.resolve(), "results": self.results.resolve()}

    def resolve(self, ref: str) -> Path:
        """The file or folder a reference like 'configs/x.toml' names, or Refused."""
        name, _, rest = ref.partition("/")
        root = self.by_name().get(name)
        if root is None:
            raise Refused(f"{ref!r} is not under configs/ or results/")
        return inside(root, rest)

    def ref(self, path: Path) -> str:
        """The reference of a path under one of the roots (the inverse of `resolve`)."""
        path = path.resolve()
        for name, root in self.by_name().items():
            if path.is_relative_to(root):
                rel = path.relative_to(root).as_posix()
                return name if rel == "." else f"{name}/{rel}"
        raise Refused(f"{path} is not under the configs or results folder")


def inside(root: Path, relative: str) -> Path:
    """`root/relative`, resolved, or Refused when it would leave `root`."""
    if "\x00" in relative or relative.startswith(("/", "\\")):
        raise Refused(f"{relative!r} is not a relative path")
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise Refused(f"{relative!r} leaves the folder it must stay in")
    return path
