"""Seconds spent in each stage of the pipeline, so that a slow build points at its stage."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

STAGES = ("discover", "parse", "validate", "index", "render", "write")


class Timings:
    """Accumulates wall time per stage; one instance per build."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + perf_counter() - started

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def summary(self) -> str:
        parts = ", ".join(f"{name} {sec * 1000:.0f} ms" for name, sec in self.seconds.items())
        return f"{self.total * 1000:.0f} ms in all: {parts}"
