"""How long the "possibly related" step takes (run by hand).

    python benchmarks/similarity.py [N ...]        (default: 1000 10000)

Two corpora of N incidents each, timed with `similarity.suggest` (k=3, threshold 0.1) in one
process:

* zipf: title, summary, root cause and factors drawn from a Zipf-distributed vocabulary of
  20,000 words (like real text: a few words everywhere, most words rare), about 120 words each;
* generated: the realistic postmortems of benchmarks/generate.py (a dozen failure scenarios
  written about ~40 services), whose shared phrasing stresses the common-term cut-off.

Also prints the work done (suggestions found), which must grow linearly.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import incidents as generated

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.scale import DEFAULT_SEVERITIES, Scale
from mkdocs_postmortem.insights import similarity

VOCABULARY = 20_000


def words(rng: random.Random, weights: list[float], n: int) -> str:
    return " ".join(f"w{i}" for i in rng.choices(range(VOCABULARY), weights=weights, k=n))


def zipf_data(n: int) -> list[dict[str, object]]:
    rng = random.Random(42)
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    return [
        {
            "id": f"INC-{i:06d}",
            "title": words(rng, weights, 8),
            "date": "2026-01-01",
            "status": "final",
            "summary": words(rng, weights, 50),
            "root_cause": {"summary": words(rng, weights, 40), "trigger": words(rng, weights, 10)},
            "contributing_factors": [words(rng, weights, 12)],
        }
        for i in range(n)
    ]


def as_incidents(items: list[dict[str, object]]) -> list[Incident]:
    level = Scale.build("severity", DEFAULT_SEVERITIES).levels[1]
    return [
        Incident(str(d["id"]), str(d["title"]), str(d["date"]), level, "final", d, "", "")
        for d in items
    ]


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000]
    print("| corpus | incidents | suggest (k=3) | per incident | suggestions |")
    print("| --- | --- | --- | --- | --- |")
    for n in sizes:
        corpora = (("zipf", zipf_data(n)), ("generated", generated(n)))
        for name, data in corpora:
            items = as_incidents(data)
            start = time.perf_counter()
            result = similarity.suggest(items, {}, 3, 0.1)
            elapsed = time.perf_counter() - start
            count = sum(len(v) for v in result.values())
            print(f"| {name} | {n:,} | {elapsed:.2f} s | {elapsed / n * 1000:.2f} ms | {count:,} |")


if __name__ == "__main__":
    main()
