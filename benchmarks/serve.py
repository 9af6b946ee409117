"""The rebuild under ``mkdocs serve`` after editing one incident, plugin against hand-written.

    python benchmarks/serve.py [--sizes 1000] [--repeat 3] [--edits 3] [--logs DIR]

For each N, generates (benchmarks/generate.py) the same N incidents twice in a temporary
folder: YAML postmortems with the plugin, and hand-written Markdown pages (``--markdown``).
For each site and each of --repeat runs (alternating which site goes first), starts a real
``mkdocs serve -a 127.0.0.1:PORT`` on a free port, in its own process (the MkDocs CLI, with
only the log change SERVE_MAIN explains; livereload on: in MkDocs 1.6 ``--no-livereload`` also
turns off watching, so nothing would be rebuilt; never ``--dirty``), waits for the first
build ("Documentation built in X seconds", then "Serving on"), then makes --edits edits,
alternating between two incidents: each appends a sentence to the incident's summary (the
plugin site: its YAML file, rewritten as generate.py writes it; the hand-written site: the
same incident's page, rewritten from the same data), written to a temporary file and moved
into place as editors save. After each edit it waits for the rebuild MkDocs logs
("Detected file changes", "Building documentation...", "Documentation built in X seconds",
"Reloading browsers"), then for --settle seconds of quiet, counting every build the edit set off,
and checks the served search index holds the new sentence. The server is stopped with SIGINT
(as Ctrl+C), then SIGTERM and SIGKILL to its process group if it does not stop; the edited files
are put back.

Measured per edit: the build time MkDocs reports (summed when one edit sets off more than one
build), and the wall time from the file move to "Reloading browsers" (what the author waits:
the watcher's 0.5 s polling and 0.1 s debounce, reloading mkdocs.yml, then the build). Peak
RSS: the serve process's VmHWM (/proc) after the first build and at the end, plus the largest
VmHWM seen of any child processes (sampled every 0.2 s).

Progress goes to stderr; the report (Markdown) to stdout. Run on a quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import machine  # noqa: E402
from generate import (  # noqa: E402
    incidents,
    markdown_page,
    page_name,
    to_yaml,
    write_markdown_site,
    write_yaml_archive,
)

SITES = ("hand", "plugin")
LABEL = {"hand": "hand-written", "plugin": "plugin"}
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BUILT = re.compile(r"Documentation built in (\d+(?:\.\d+)?) seconds")
LEVEL = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s")
SERVE_MAIN = """\
import signal

signal.signal(signal.SIGINT, signal.default_int_handler)
from mkdocs import utils
from mkdocs.__main__ import cli

drop_repeats = utils.DuplicateFilter.__call__
utils.DuplicateFilter.__call__ = lambda self, record: (
    str(record.msg).startswith("Documentation built in") or drop_repeats(self, record)
)
cli(prog_name="mkdocs")
"""
"""``python -m mkdocs`` with two differences. The CLI drops any message of MkDocs' build logger
it logged before, so a rebuild that takes the same time as an earlier one ("Documentation built
in 0.52 seconds" again) would log nothing; this lets that line through every time. And Ctrl+C
(SIGINT) stops it even when this script runs in the background, where the shell starts it with
SIGINT ignored."""
MAX_BUILDS_PER_EDIT = 5
"""More builds than this after one edit: serve is rebuilding in a loop, which is a finding."""


class ServeError(RuntimeError):
    """mkdocs serve did not do what the benchmark waits for (with the end of its log)."""


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.replace(" ", "").split(",") if part]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- /proc ---------------------------------------------------------------------------------


def _status_kb(pid: int, key: str) -> int | None:
    """A ``kB`` field of /proc/PID/status (VmHWM, VmRSS); None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None


def _descendants(pid: int) -> list[int]:
    """Every process below pid (from /proc/*/stat parent ids)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # after "pid (comm) "
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


# --- One mkdocs serve process --------------------------------------------------------------


@dataclass
class Event:
    index: int
    """Position among this server's events."""
    at: float
    """perf_counter() when the line was read."""
    kind: str
    value: float | None
    line: str


class Server:
    """``mkdocs serve`` in its own process group, its log read line by line into events."""

    def __init__(self, root: Path, label: str, log_path: Path) -> None:
        self.root = root
        self.label = label
        self.log_path = log_path
        self.port = 0
        self.proc: subprocess.Popen[str] | None = None
        self.lines: list[str] = []
        self.events: list[Event] = []
        self._cond = threading.Condition()
        self._reader: threading.Thread | None = None
        self._sampler: threading.Thread | None = None
        self._stop_sampling = threading.Event()
        self.children_seen: set[int] = set()
        self.children_peak_kb = 0

    # Starting and stopping

    def start(self, timeout: float) -> Event:
        """Start serve and wait for the first build; returns its "Documentation built" event.
        Retries on another port when the chosen one was taken in the meantime."""
        for _attempt in range(3):
            self._launch()
            try:
                built = self.wait(("built",), 0, timeout, "the first build")
                self.wait(("serving",), built.index, 60, '"Serving on" after the first build')
                return built
            except ServeError:
                taken = any("Address already in use" in line for line in self.lines)
                self.stop()
                if not taken:
                    raise
                _progress(f"{self.label}: port {self.port} was taken, trying another")
        raise ServeError(f"{self.label}: no free port after 3 attempts")

    def _launch(self) -> None:
        self.port = _free_port()
        self.lines, self.events = [], []
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        env.pop("COLUMNS", None)  # MkDocs wraps log lines to the terminal width it finds
        command = [
            sys.executable,
            "-c",
            SERVE_MAIN,
            "serve",
            "-f",
            str(self.root / "mkdocs.yml"),
            "-a",
            f"127.0.0.1:{self.port}",
        ]
        self.proc = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            start_new_session=True,  # its own process group: stopped as a whole
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._stop_sampling.clear()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def stop(self) -> None:
        """SIGINT (what Ctrl+C sends: serve shuts down and removes its site folder), then
        SIGTERM, then SIGKILL to the process group; always leaves nothing running."""
        proc = self.proc
        if proc is None:
            return
        self._stop_sampling.set()
        if proc.poll() is None:
            for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    if sig == signal.SIGINT:
                        proc.send_signal(sig)
                    else:
                        os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(grace)
                    break
                except subprocess.TimeoutExpired:
                    _progress(f"{self.label}: serve still running, sending the next signal")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # anything it left behind in its group
        proc.wait()
        if self._reader is not None:
            self._reader.join(5)
        if self._sampler is not None:
            self._sampler.join(5)
        self.proc = None

    # Reading the log

    def _read(self) -> None:
        proc = self.proc
        assert proc is not None and proc.stdout is not None
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"--- {self.label}: mkdocs serve on port {self.port}\n")
            for raw in proc.stdout:
                at = time.perf_counter()
                line = ANSI.sub("", raw.rstrip("\n"))
                log.write(line + "\n")
                with self._cond:
                    self.lines.append(line)
                    kind, value = _classify(line)
                    if kind:
                        self.events.append(Event(len(self.events), at, kind, value, line))
                    self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait(self, kinds: Sequence[str], after: int, timeout: float, what: str) -> Event:
        """The first event of one of ``kinds`` at index >= after; raises ServeError on a
        failed rebuild, when serve exits, or after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[after:]:
                    if event.kind in kinds:
                        return event
                    if event.kind == "failed":
                        raise self._error(f"the rebuild failed while waiting for {what}")
                proc = self.proc
                if proc is None or (proc.poll() is not None and not self._reading()):
                    code = proc.returncode if proc else None
                    raise self._error(f"mkdocs serve exited ({code}) while waiting for {what}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._error(f"timed out: {what} did not come within {timeout:g} s")
                self._cond.wait(min(left, 0.5))

    def quiet_for(self, after: int, seconds: float) -> Event | None:
        """Waits until ``seconds`` pass without a new "Detected file changes" (None), or
        returns the one that came."""
        deadline = time.monotonic() + seconds
        with self._cond:
            while True:
                for event in self.events[after:]:
                    if event.kind == "detected":
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(min(left, 0.25))

    def _reading(self) -> bool:
        return self._reader is not None and self._reader.is_alive()

    def _error(self, message: str) -> ServeError:
        tail = "\n".join(f"    {line}" for line in self.lines[-40:]) or "    (nothing yet)"
        return ServeError(f"{self.label}: {message}. Last lines of its log:\n{tail}")

    def count(self, kind: str, after: int, before: int | None = None) -> int:
        with self._cond:
            return sum(1 for e in self.events[after:before] if e.kind == kind)

    @property
    def next_index(self) -> int:
        with self._cond:
            return len(self.events)

    # Memory

    def peak_rss_kb(self) -> int:
        """VmHWM of the serve process (its peak resident set so far)."""
        assert self.proc is not None
        return _status_kb(self.proc.pid, "VmHWM") or 0

    def _sample(self) -> None:
        proc = self.proc
        assert proc is not None
        while not self._stop_sampling.wait(0.2):
            if proc.poll() is not None:
                return
            try:
                children = _descendants(proc.pid)
            except OSError:
                continue
            total = 0
            for pid in children:
                self.children_seen.add(pid)
                total += _status_kb(pid, "VmHWM") or 0
            self.children_peak_kb = max(self.children_peak_kb, total)

    # Asking the served site

    def fetch(self, path: str, timeout: float = 60) -> str:
        url = f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body: bytes = response.read()
        return body.decode("utf-8", "replace")


def _classify(line: str) -> tuple[str | None, float | None]:
    if "Detected file changes" in line:
        return "detected", None
    if "Building documentation..." in line:
        return "building", None
    match = BUILT.search(line)
    if match:
        return "built", float(match.group(1))
    if "Reloading browsers" in line:
        return "reloaded", None
    if "Serving on http" in line:
        return "serving", None
    if "An error happened during the rebuild" in line:
        return "failed", None
    level = LEVEL.match(line)
    if level and level.group(1) in ("WARNING", "ERROR", "CRITICAL"):
        return "warning", None
    return None, None


# --- The edits -----------------------------------------------------------------------------


@dataclass
class Target:
    """One incident's file in one site, with the data it was generated from."""

    path: Path
    original: str
    data: dict[str, Any]
    render: Any
    """data -> file text (to_yaml or markdown_page)."""
    page: str = ""
    """The address of its page on the served site."""


def _targets(root: Path, site: str, chosen: list[dict[str, Any]]) -> list[Target]:
    out = []
    for data in chosen:
        if site == "plugin":
            text = to_yaml(data)
            matches = [
                p for p in (root / "docs" / "postmortems").glob("*.yaml") if p.read_text() == text
            ]
            if len(matches) != 1:
                raise ServeError(f"cannot find the YAML file of {data['id']} ({len(matches)})")
            page = f"postmortems/incidents/{data['id']}/"
            out.append(Target(matches[0], text, copy.deepcopy(data), to_yaml, page))
        else:
            path = root / "docs" / "incidents" / page_name(data)
            text = markdown_page(data)
            if path.read_text("utf-8") != text:
                raise ServeError(f"{path} is not the page of {data['id']}")
            page = f"incidents/{path.stem}/"
            out.append(Target(path, text, copy.deepcopy(data), markdown_page, page))
    return out


def _edit(target: Target, sentence: str, scratch: Path) -> None:
    """Append a sentence to the summary and save as an editor does: write, then move."""
    summary = target.data["summary"]
    target.data["summary"] = (
        summary.rstrip("\n") + " " + sentence + ("\n" if summary.endswith("\n") else "")
    )
    text = target.render(target.data)
    if target.path.suffix == ".yaml":
        loaded = yaml.safe_load(text)  # still valid YAML, and the sentence is in the summary
        if not isinstance(loaded, dict) or sentence not in str(loaded.get("summary", "")):
            raise ServeError(f"the edit of {target.path.name} did not give valid YAML")
    temporary = scratch / f".edit-{target.path.name}"
    temporary.write_text(text, "utf-8")
    os.replace(temporary, target.path)


def _restore(targets: list[Target], chosen: list[dict[str, Any]]) -> None:
    for target, data in zip(targets, chosen, strict=True):
        target.path.write_text(target.original, "utf-8")
        target.data = copy.deepcopy(data)


# --- One serve session ---------------------------------------------------------------------


@dataclass
class EditResult:
    file: str
    reported_s: float
    """Sum of the build times MkDocs reported for the builds this edit set off."""
    builds: list[float]
    wall_s: float
    """File moved in place -> "Reloading browsers" of the last build it set off."""
    warnings: int
    visible: bool | None
    """The sentence is in the served search index afterwards (None: could not ask)."""


@dataclass
class Session:
    site: str
    first_build_s: float
    first_wall_s: float
    builds_before_edits: int
    edits: list[EditResult] = field(default_factory=list)
    peak_after_first_mb: float = 0.0
    peak_end_mb: float = 0.0
    children: int = 0
    children_peak_mb: float = 0.0
    first_warnings: int = 0


def session(
    site: str, root: Path, targets: list[Target], args: argparse.Namespace, run: int, log: Path
) -> Session:
    server = Server(root, f"{LABEL[site]} (run {run})", log)
    scratch = root.parent
    started = time.perf_counter()
    try:
        built = server.start(args.start_timeout)
        first_wall = built.at - started
        warnings = server.count("warning", 0, built.index)
        peak_first = server.peak_rss_kb()
        # Builds the first one may set off by itself (files written into docs/, say).
        after = server.next_index
        extra = 0
        while (came := server.quiet_for(after, args.settle)) is not None:
            extra += 1
            if extra > MAX_BUILDS_PER_EDIT:
                raise server._error("serve keeps rebuilding with no edit")
            done = server.wait(("reloaded",), came.index, args.edit_timeout, "a rebuild")
            after = done.index + 1
        result = Session(site, built.value or 0.0, first_wall, extra, first_warnings=warnings)
        result.peak_after_first_mb = peak_first / 1024
        _progress(
            f"  {LABEL[site]}: first build {result.first_build_s:.2f} s, "
            f"peak RSS {result.peak_after_first_mb:.0f} MB"
            + (f", then {extra} build(s) on its own" if extra else "")
        )
        for k in range(args.edits):
            target = targets[k % len(targets)]
            sentence = f"Benchmark note {k + 1}: zqx{run:02d}{k + 1:03d} was added under serve."
            marker = f"zqx{run:02d}{k + 1:03d}"
            result.edits.append(_one_edit(server, target, sentence, marker, scratch, args))
            edit = result.edits[-1]
            _progress(
                f"  {LABEL[site]}: edit {k + 1}/{args.edits} ({target.path.name}): "
                f"rebuild {edit.reported_s:.2f} s"
                + (f" in {len(edit.builds)} builds" if len(edit.builds) != 1 else "")
                + f", edit to reload {edit.wall_s:.2f} s"
                + ("" if edit.visible is not False else ", EDIT NOT VISIBLE")
            )
        result.peak_end_mb = server.peak_rss_kb() / 1024
        result.children = len(server.children_seen)
        result.children_peak_mb = server.children_peak_kb / 1024
        return result
    finally:
        server.stop()


def _one_edit(
    server: Server,
    target: Target,
    sentence: str,
    marker: str,
    scratch: Path,
    args: argparse.Namespace,
) -> EditResult:
    mark = server.next_index
    moved = time.perf_counter()
    _edit(target, sentence, scratch)
    detected = server.wait(("detected",), mark, args.notice_timeout, "a reaction to the edit")
    builds: list[float] = []
    after = detected.index
    while True:
        built = server.wait(
            ("built", "reloaded"), after, args.edit_timeout, "the rebuild after the edit"
        )
        if built.kind != "built":
            raise server._error('a rebuild without "Documentation built in X seconds"')
        builds.append(built.value or 0.0)
        reloaded = server.wait(("reloaded",), built.index, 60, '"Reloading browsers"')
        came = server.quiet_for(reloaded.index + 1, args.settle)
        if came is None:
            break
        if len(builds) >= MAX_BUILDS_PER_EDIT:
            raise server._error(f"one edit set off more than {MAX_BUILDS_PER_EDIT} builds")
        after = came.index
    visible: bool | None
    try:
        # In the theme's search index, or (incident pages searched with Pagefind, out of that
        # index) on the incident's page itself.
        visible = marker in server.fetch("search/search_index.json") or (
            marker in server.fetch(target.page)
        )
    except (OSError, urllib.error.URLError) as exc:
        _progress(f"  {server.label}: could not read the served search index or page: {exc}")
        visible = None
    return EditResult(
        file=target.path.name,
        reported_s=sum(builds),
        builds=builds,
        wall_s=reloaded.at - moved,
        warnings=server.count("warning", mark, reloaded.index),
        visible=visible,
    )


# --- Runs and report -----------------------------------------------------------------------


def compare(n: int, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"pm-serve-{n}-") as tmp:
        roots = {"hand": Path(tmp) / "markdown", "plugin": Path(tmp) / "plugin"}
        _progress(f"N={n}: generating both sites")
        write_markdown_site(roots["hand"], n, seed=args.seed)
        write_yaml_archive(roots["plugin"], n, seed=args.seed, pagefind=args.pagefind)
        data = incidents(n, args.seed)
        chosen = [data[n // 2], data[n // 3]] if n > 2 else data[:1]
        targets = {site: _targets(roots[site], site, chosen) for site in SITES}
        logs = Path(args.logs) if args.logs else Path(tmp)
        logs.mkdir(parents=True, exist_ok=True)
        sessions: dict[str, list[Session]] = {site: [] for site in SITES}
        for r in range(args.repeat):
            order = list(SITES) if r % 2 == 0 else list(reversed(SITES))
            for site in order:
                _progress(f"N={n}: run {r + 1}/{args.repeat}, {LABEL[site]} site")
                log = logs / f"serve-{n}-{site}-run{r + 1}.log"
                try:
                    sessions[site].append(
                        session(site, roots[site], targets[site], args, r + 1, log)
                    )
                finally:
                    _restore(targets[site], chosen)
    return {"n": n, "sessions": sessions, "edited": [d["id"] for d in chosen]}


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _rebuilds(sessions: list[Session]) -> list[float]:
    return [e.reported_s for s in sessions for e in s.edits]


def _ratio(ours: list[Session], hand: list[Session], attr: str) -> str:
    below = _median([getattr(s, attr) for s in hand])
    return f"{_median([getattr(s, attr) for s in ours]) / below:.2f}" if below else "—"


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> list[str]:
    runs = f"{args.repeat} run{'s' if args.repeat > 1 else ''}"
    out = [
        f"## Rebuild under `mkdocs serve` after editing one incident ({runs}, "
        f"{args.edits} edits each)",
        "",
        "Rebuild: the build time MkDocs reports for the build(s) one edit sets off (the edit",
        "appends a sentence to one incident's summary, alternating between two incidents).",
        'Edit to reload: from saving the file to "Reloading browsers" (adds the watcher\'s',
        "polling, up to 0.5 s, its 0.1 s debounce and reloading mkdocs.yml). Medians over all",
        "edits of all runs; the individual rebuilds in order. Peak RSS: VmHWM of the serve",
        "process, median over runs.",
        "",
    ]
    rows = []
    for res in results:
        for site in SITES:
            sessions: list[Session] = res["sessions"][site]
            edits = [e for s in sessions for e in s.edits]
            per_edit = sorted({len(e.builds) for e in edits})
            visible = [e.visible for e in edits]
            rows.append(
                [
                    f"{res['n']:,}",
                    LABEL[site],
                    f"{_median([s.first_build_s for s in sessions]):.2f}",
                    f"{_median(_rebuilds(sessions)):.2f}",
                    ", ".join(f"{v:.2f}" for v in _rebuilds(sessions)),
                    f"{_median([e.wall_s for e in edits]):.2f}",
                    "/".join(str(c) for c in per_edit),
                    f"{_median([s.peak_after_first_mb for s in sessions]):.0f}",
                    f"{_median([s.peak_end_mb for s in sessions]):.0f}",
                    f"{sum(1 for v in visible if v)}/{len(visible)}",
                    f"{_median([float(sum(e.warnings for e in s.edits)) for s in sessions]):.0f}",
                ]
            )
    out += _table(
        [
            "N",
            "site",
            "first build s",
            "rebuild s (median)",
            "rebuilds s",
            "edit to reload s",
            "builds per edit",
            "peak RSS MB, first build",
            "peak RSS MB, end",
            "edit served",
            "warnings in rebuilds",
        ],
        rows,
    )
    ratio_rows = []
    for res in results:
        hand, ours = res["sessions"]["hand"], res["sessions"]["plugin"]
        paired = [
            _median(_rebuilds([p])) / _median(_rebuilds([h]))
            for h, p in zip(hand, ours, strict=True)
            if _median(_rebuilds([h])) > 0
        ]
        ratio = _median(paired)
        ratio_rows.append(
            [
                f"{res['n']:,}",
                f"{_median(_rebuilds(ours)):.2f}",
                f"{_median(_rebuilds(hand)):.2f}",
                f"{ratio:.2f}"
                + (f" ({min(paired):.2f}-{max(paired):.2f})" if len(paired) > 1 else ""),
                "yes" if ratio <= 1.0 else "no",
                _ratio(ours, hand, "first_build_s"),
                _ratio(ours, hand, "peak_end_mb"),
            ]
        )
    out += [
        "Plugin against hand-written: the ratio is the median over runs of (plugin's median",
        "rebuild / hand-written median rebuild in the same run), with its range. Target: the",
        "plugin's rebuild after one edit takes no longer than the hand-written site's.",
        "",
    ]
    out += _table(
        [
            "N",
            "plugin rebuild s",
            "hand-written rebuild s",
            "ratio",
            "within target",
            "first build ratio",
            "peak RSS ratio",
        ],
        ratio_rows,
    )
    notes = []
    for res in results:
        for site in SITES:
            for r, s in enumerate(res["sessions"][site], 1):
                if s.builds_before_edits:
                    notes.append(
                        f"- N={res['n']:,}, {LABEL[site]}, run {r}: serve built "
                        f"{s.builds_before_edits} more time(s) after the first build, no edit."
                    )
                if s.children:
                    notes.append(
                        f"- N={res['n']:,}, {LABEL[site]}, run {r}: {s.children} child "
                        f"process(es) seen, together at most {s.children_peak_mb:.0f} MB."
                    )
                for k, e in enumerate(s.edits, 1):
                    if len(e.builds) != 1:
                        notes.append(
                            f"- N={res['n']:,}, {LABEL[site]}, run {r}, edit {k}: "
                            f"{len(e.builds)} builds ({', '.join(f'{b:.2f}' for b in e.builds)} s)."
                        )
                    if e.visible is False:
                        notes.append(
                            f"- N={res['n']:,}, {LABEL[site]}, run {r}, edit {k}: the new "
                            "sentence is neither in the served search index nor on its page."
                        )
    edited = ", ".join(f"N={res['n']:,}: {' and '.join(res['edited'])}" for res in results)
    out += [f"Edited incidents: {edited}.", ""]
    if notes:
        out += ["Notes:", "", *notes, ""]
    return out


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    _progress("terminated: stopping mkdocs serve")
    raise SystemExit(128 + signum)  # runs the finally blocks, which stop the servers


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Rebuild under mkdocs serve after one edit: plugin against hand-written."
    )
    parser.add_argument("--sizes", type=_ints, default=[1000], help="e.g. 100,1000")
    parser.add_argument("--repeat", type=int, default=3, help="serve sessions per site and size")
    parser.add_argument("--edits", type=int, default=3, help="edits per serve session")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument(
        "--pagefind",
        default="auto",
        help="the plugin's pagefind option (default auto, the plugin's: Pagefind from 500 "
        "incidents; false: Material's search on both sites)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds without a new build before an edit counts as done",
    )
    parser.add_argument(
        "--start-timeout", type=float, default=900, help="seconds allowed for the first build"
    )
    parser.add_argument(
        "--edit-timeout", type=float, default=600, help="seconds allowed for a rebuild"
    )
    parser.add_argument(
        "--notice-timeout",
        type=float,
        default=30,
        help="seconds allowed for serve to notice an edit",
    )
    parser.add_argument("--logs", metavar="DIR", help="keep the serve logs in DIR")
    args = parser.parse_args()
    args.repeat = max(1, args.repeat)
    args.edits = max(1, args.edits)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in background
    out = ["# mkdocs-postmortem serve benchmark", "", *machine()]
    try:
        results = [compare(n, args) for n in args.sizes]
    except ServeError as exc:
        sys.exit(f"serve benchmark failed: {exc}")
    except KeyboardInterrupt:
        sys.exit("interrupted (mkdocs serve was stopped)")
    out += report(results, args)
    print("\n".join(out))


if __name__ == "__main__":
    main()
