"""An exploration's folder is locked while a command writes it, like a run's (issue 32)."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from sim.errors import UserError
from sim.explore.folder import ExploreFolder

ASKED = {"command": "sensitivity", "config_hash": "abc"}


def interrupted(root: Path) -> ExploreFolder:
    folder = ExploreFolder(root, ASKED)
    folder.create()
    assert (root / ".lock").exists()
    folder.add("run-0", {"profit": 1.0})
    folder.close()
    assert not (root / ".lock").exists()
    return folder


def test_a_second_command_on_an_exploration_is_told_who_holds_it(tmp_path: Path) -> None:
    root = tmp_path / "study"
    interrupted(root)
    before = (root / "parts.jsonl").read_bytes()
    fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, json.dumps({"pid": 777, "command": "policysim sensitivity x.toml", "since": "then"}).encode())
    try:
        with pytest.raises(UserError, match=r"in use by another command \(pid 777, `policysim sensitivity x.toml`"):
            ExploreFolder(root, ASKED).reopen()
        with pytest.raises(UserError, match="pid 777"):
            ExploreFolder(root, ASKED).create()
    finally:
        os.close(fd)
    assert (root / "parts.jsonl").read_bytes() == before
    folder = ExploreFolder(root, ASKED)
    assert folder.reopen() == {"run-0": {"profit": 1.0}}
    folder.close()
    assert not (root / ".lock").exists()


def test_a_refused_resume_lets_go_of_the_lock(tmp_path: Path) -> None:
    root = tmp_path / "study"
    interrupted(root)
    with pytest.raises(UserError, match="not the same"):
        ExploreFolder(root, {**ASKED, "config_hash": "other"}).reopen()
    assert not (root / ".lock").exists()


def test_resuming_no_folder_makes_none(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot resume"):
        ExploreFolder(tmp_path / "nothing", ASKED).reopen()
    assert not (tmp_path / "nothing").exists()
