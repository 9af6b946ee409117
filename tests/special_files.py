"""Files that are not regular files, as a stranger's pull request can put them in docs: a named
pipe that a reader would wait on for ever, and links out of the docs folder. A test that opens
such a pipe by mistake fails after a few seconds instead of hanging the suite."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

SECRET = "TOP-SECRET-7f3a9c"
"""Text of the file outside docs that a link points at: it must appear nowhere."""


def secret_postmortem(folder: Path) -> Path:
    """A valid postmortem outside the docs folder, holding ``SECRET`` in several fields."""
    path = folder / "secret.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"id: INC-{SECRET}\ntitle: {SECRET} title\ndate: 2026-01-05\nseverity: SEV2\n"
        f"status: final\nsummary: The {SECRET} summary.\n",
        encoding="utf-8",
    )
    return path


@contextmanager
def fifo(path: Path, *, after: float = 5.0) -> Iterator[Path]:
    """A named pipe at ``path``. Should anything open it to read, a writer opens it after
    ``after`` seconds and closes it at once, so that the reader gets an empty file and the
    test fails on what it then reports, rather than waiting for ever."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    done = threading.Event()

    def release() -> None:
        if done.wait(after):
            return
        while not done.is_set():
            with suppress(OSError):  # no reader (ENXIO), or the pipe is gone
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            done.wait(0.2)

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield path
    finally:
        done.set()
        thread.join()
