"""How long `mkdocs-postmortem validate` takes on a generated archive (run by hand).

    python benchmarks/validate.py [N ...]        (default: 1000)

Generates N realistic postmortems (benchmarks/generate.py: 3-6 KB each, 4.3 KB on average)
in a temporary project, then times the command as a subprocess (what pre-commit and CI run:
interpreter start, imports, reading mkdocs.yml, every file parsed and validated, cross-file
checks), median of 5 runs, and the in-process parse+validate cost per file. Single process,
so one core.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_yaml_archive


def run(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_yaml_archive(root, n)
        command = [sys.executable, "-m", "mkdocs_postmortem.cli", "validate", "--format", "json"]
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, cwd=root, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        from mkdocs_postmortem.core.discover import discover
        from mkdocs_postmortem.core.load import Loader
        from mkdocs_postmortem.core.settings import Settings

        settings = Settings(docs_dir=str(root / "docs"), project_dir=str(root))
        loader = Loader(settings)
        sources = discover(settings)
        start = time.perf_counter()
        for source in sources:
            loader.load(source)
        per_file = (time.perf_counter() - start) / n
        return statistics.median(times), per_file


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000]
    print("| files | validate command (median of 5) | parse + validate per file |")
    print("| --- | --- | --- |")
    for n in sizes:
        wall, per_file = run(n)
        print(f"| {n:,} | {wall:.2f} s | {per_file * 1000:.2f} ms |")


if __name__ == "__main__":
    main()
