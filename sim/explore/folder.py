"""An exploration's folder while it runs: each finished run's KPIs on disk at once, so a killed study resumes.

`parts.jsonl` holds what was asked (first line) and one line per finished run, appended and flushed
as runs finish (a few hundred bytes each, so a Sobol' design of thousands of runs stays one small
file). A kill can cut only the last line; reopening drops it. The finished study's files are
written from the KPIs, whichever run wrote them, and the parts file is removed, so a resumed study
ends with the same files as an uninterrupted one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from sim.errors import UserError
from sim.results_lock import LOCK_FILE, folder_lock

PARTS = "parts.jsonl"


class ExploreFolder:
    """The folder of one study, identified by `asked` (the config hash and every flag that changes results)."""

    def __init__(self, root: Path, asked: dict[str, Any]) -> None:
        self.root = root
        self.asked = asked
        self._file: IO[str] | None = None
        self._lock = ExitStack()  # the folder's lock (sim.results_lock), held from create/reopen to close

    @property
    def parts(self) -> Path:
        return self.root / PARTS

    def create(self) -> None:
        """A new folder (refused when it exists and is not empty), with what was asked."""
        self._hold()
        if any(p.name != LOCK_FILE for p in self.root.iterdir()):
            self.close()
            raise UserError(f"{self.root}: folder exists and is not empty; choose another --out")
        self._file = self.parts.open("w", encoding="utf-8")
        self._write(self.asked)

    def reopen(self) -> dict[str, dict[str, float]]:
        """Continue an interrupted study: the KPIs already on disk by run key; refused unless the same study."""
        if not self.parts.is_file():
            raise UserError(f"{self.parts}: cannot resume, no record of an interrupted study (no such file)")
        self._hold()
        try:
            return self._reopen()
        except BaseException:
            self.close()
            raise

    def _reopen(self) -> dict[str, dict[str, float]]:
        try:
            data = self.parts.read_bytes()
            whole = data[: data.rfind(b"\n") + 1]  # what follows the last newline is a line cut by a kill
            lines = whole.decode("utf-8").splitlines()
            asked = json.loads(lines[0])
        except (OSError, ValueError, IndexError) as exc:
            raise UserError(f"{self.parts}: cannot resume, no readable record of an interrupted study "
                            f"({exc.__class__.__name__})") from None
        if asked != self.asked:
            what = [k for k in sorted(set(asked) | set(self.asked)) if asked.get(k) != self.asked.get(k)]
            raise UserError(f"{self.root}: cannot resume: {', '.join(what)} not the same as in the interrupted study")
        with self.parts.open("r+b") as fh:
            fh.truncate(len(whole))
        self._file = self.parts.open("a", encoding="utf-8")
        return dict(json.loads(line) for line in lines[1:])

    def add(self, key: str, kpis: dict[str, float]) -> None:
        """One finished run, on disk before the next is taken."""
        self._write([key, kpis])

    def finish(self) -> None:
        """The study's files are written: the parts are no longer needed."""
        self.close()
        self.parts.unlink()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._lock.close()

    def _hold(self) -> None:
        """Take the folder's lock, so a second command on it is refused naming this one."""
        self._lock.enter_context(folder_lock(self.root))

    def _write(self, record: Any) -> None:
        assert self._file is not None
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()


def open_folder(out: Path | None, resume: Path | None, default: Path,
                asked: dict[str, Any]) -> tuple[ExploreFolder, dict[str, dict[str, float]]]:
    """The folder from --out / --resume (else `default`), created or reopened, and the runs already done."""
    if resume and out:
        raise UserError("--resume names the folder to finish; do not give --out with it")
    folder = ExploreFolder(resume or out or default, asked)
    if resume:
        return folder, folder.reopen()
    folder.create()
    return folder, {}


@contextmanager
def resumable(folder: ExploreFolder, command: str) -> Iterator[None]:
    """Ctrl-C keeps the finished runs and says how to finish the study."""
    try:
        yield
    except KeyboardInterrupt:
        raise UserError(f"interrupted; finished runs are kept: {command} --resume {folder.root}") from None
    finally:
        folder.close()
