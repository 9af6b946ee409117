"""Peak memory of a whole process tree: a build and every process it starts (Pagefind's).

A process's own peak RSS (``ru_maxrss``, ``VmHWM``, what ``/usr/bin/time -v`` prints) leaves
its children out, and ``getrusage(RUSAGE_CHILDREN)`` gives the largest single child, not the sum
of the processes alive together. A memory cgroup's peak would count the page cache of the site
being written, which is not the build's memory. So this samples, every ``interval`` seconds,
the resident set (``VmRSS``) of the root and of every descendant (found through ``PPid`` in
``/proc``), adds them up, and keeps the largest sum: the memory the tree held at once. It can
miss a peak shorter than the interval, so it also keeps each process's own high-water mark
(``VmHWM``, exact) and reports their sum as an upper bound (processes that did not peak at the
same moment). Linux only (``/proc``); elsewhere every figure is None.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field


def _status(pid: int) -> dict[str, str]:
    out = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("Name", "PPid", "VmRSS", "VmHWM"):
                    out[key] = value.strip()
    except OSError:
        pass
    return out


def _kib(value: str | None) -> int:
    return int(value.split()[0]) if value else 0


def _parents() -> dict[int, int]:
    """pid -> parent pid, for every process now."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1:
            out[int(name)] = int(fields[1])
    return out


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


@dataclass
class TreeMemory:
    """Samples the tree under ``pid`` in a thread from ``start()`` until ``stop()``."""

    pid: int
    interval: float = 0.02
    peak_kib: int = 0
    """The largest sum of VmRSS over the tree at one sample."""
    hwm_kib: dict[int, int] = field(default_factory=dict)
    """Each process's VmHWM, as last read (its own peak so far)."""
    names: dict[int, str] = field(default_factory=dict)
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def supported(self) -> bool:
        return os.path.isdir(f"/proc/{os.getpid()}")

    def start(self) -> TreeMemory:
        if self.supported:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        tree: list[int] = [self.pid]
        last_scan = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now - last_scan >= max(self.interval, 0.1):  # new processes: every 0.1 s at most
                tree = descendants(self.pid)
                last_scan = now
            self.sample(tree)
            self._stop.wait(self.interval)

    def sample(self, tree: list[int]) -> None:
        total = 0
        for pid in tree:
            status = _status(pid)
            if not status:
                continue
            total += _kib(status.get("VmRSS"))
            self.hwm_kib[pid] = max(self.hwm_kib.get(pid, 0), _kib(status.get("VmHWM")))
            self.names.setdefault(pid, status.get("Name", "?"))
        self.peak_kib = max(self.peak_kib, total)
        self.samples += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def by_name_mb(self) -> dict[str, float]:
        """The largest VmHWM of any process of each name, in MB (MiB: 2**20 bytes)."""
        out: dict[str, float] = {}
        for pid, kib in self.hwm_kib.items():
            name = self.names.get(pid, "?")
            out[name] = max(out.get(name, 0.0), kib / 1024)
        return out

    def report(self) -> dict[str, object]:
        if not self.supported:
            return {"tree_peak_mb": None, "tree_hwm_sum_mb": None, "processes": {}}
        return {
            "tree_peak_mb": self.peak_kib / 1024,
            "tree_hwm_sum_mb": sum(self.hwm_kib.values()) / 1024,
            "processes": self.by_name_mb(),
            "samples": self.samples,
        }
