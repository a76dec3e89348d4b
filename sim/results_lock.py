"""One command at a time writes a results folder: a lock held while it writes, that says who holds it.

Two `--resume` of one folder at once would both redo the missing work and trip over each other's
temporary files; a report written while the run merges would read half a folder. So a command that
writes a folder holds an exclusive `fcntl.flock` on `<folder>/.lock` and writes there who it is
(pid, command, since when); a second command is refused at once with that line. Why flock and not
the `filelock` package: flock is in the standard library (filelock would be a new core dependency),
the kernel drops it when its process dies however it dies, so a crashed run never leaves a stale
lock, and filelock's lock file says nothing of its holder, which is what the refusal must name.
What filelock adds is Windows; there (no fcntl) folders are not locked. The lock is re-entrant
within a process, so `run --report` may write its report under the lock it already holds.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sim.errors import UserError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks in the standard library
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".lock"
_held: dict[Path, int] = {}  # folders this process holds, with how many times


@contextmanager
def folder_lock(root: Path, command: str | None = None) -> Iterator[None]:
    """Hold `root`'s lock while the body writes; refused (UserError naming the holder) if another
    process holds it. A folder made here for the lock is removed again if nothing else is written."""
    key = Path(os.path.abspath(root))
    if key in _held or fcntl is None:
        _held[key] = _held.get(key, 0) + 1
        try:
            yield
        finally:
            _release_count(key)
        return
    made = not key.exists()
    try:
        key.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{root}: cannot create the results folder ({exc.strerror or exc})") from None
    try:
        fd = _acquire(key, command or _this_command())
    except OSError as exc:
        raise UserError(f"{root}: cannot write in the folder ({exc.strerror or exc})") from None
    _held[key] = 1
    try:
        yield
    finally:
        _release_count(key)
        (key / LOCK_FILE).unlink(missing_ok=True)  # before unlocking: a waiter re-checks the file
        os.close(fd)
        if made and not any(key.iterdir()):
            key.rmdir()


def _release_count(key: Path) -> None:
    _held[key] -= 1
    if not _held[key]:
        del _held[key]


def _acquire(root: Path, command: str) -> int:
    """The open, locked lock file with our holder line written in it."""
    path = root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = _holder(fd)
        os.close(fd)
        raise UserError(f"{root}: in use by another command ({holder}); wait for it to end, "
                        f"or stop it and run again") from None
    if not path.exists() or os.stat(path).st_ino != os.fstat(fd).st_ino:
        os.close(fd)  # the holder ended and removed the file between our open and our lock
        return _acquire(root, command)
    line = {"pid": os.getpid(), "command": command,
            "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    os.ftruncate(fd, 0)
    os.write(fd, (json.dumps(line) + "\n").encode("utf-8"))
    return fd


def _holder(fd: int) -> str:
    """'pid 123, `policysim run ...`, since 2026-...' from the lock file, or what is known of it."""
    try:
        line = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        command = str(line["command"])
        command = command if len(command) <= 200 else command[:197] + "..."
        return f"pid {int(line['pid'])}, `{command}`, since {line['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "its pid is not written yet"


def _this_command() -> str:
    name = Path(sys.argv[0]).name if sys.argv else "python"
    return " ".join(["policysim" if name in ("__main__.py", "policysim") else name, *sys.argv[1:]])
