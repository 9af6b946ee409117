"""How long `mkdocs-postmortem validate` takes on a generated archive (run by hand).

    python benchmarks/validate.py [N ...]        (default: 1000)

Generates N postmortems (the example archive's files, renumbered, 3-12 KB each) in a temporary
project, then times the command as a subprocess (what pre-commit and CI run: interpreter start,
imports, reading mkdocs.yml, every file parsed and validated, cross-file checks), median of 5
runs, and the in-process parse+validate cost per file. Single process, so one core.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(root: Path, n: int) -> None:
    sources = [p.read_text("utf-8") for p in sorted((ROOT / "docs" / "postmortems").glob("*.yaml"))]
    folder = root / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: bench\ntheme: {name: material}\nplugins: [search, postmortem]\n", "utf-8"
    )
    for i in range(n):
        text = sources[i % len(sources)]
        text = re.sub(r"(?m)^id: .*$", f"id: INC-{i:06d}", text)
        # Relations point at the previous incident, so every file has resolvable relations.
        text = re.sub(r"INC-20\d\d-\d{3}", f"INC-{(i - 1) % n:06d}", text)
        (folder / f"{i:06d}.yaml").write_text(text, "utf-8")


def run(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, n)
        command = [sys.executable, "-m", "mkdocs_postmortem.cli", "validate", "--format", "json"]
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, cwd=root, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        from mkdocs_postmortem.loading import Loader, discover
        from mkdocs_postmortem.settings import Settings

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
