"""How long the "possibly related" step takes (run by hand).

    python benchmarks/similarity.py [N ...]        (default: 1000 10000)

Builds N synthetic incidents whose title, summary, root cause and factors are drawn from a
Zipf-distributed vocabulary of 20,000 words (like real text: a few words everywhere, most
words rare), about 120 words each, then times `similarity.suggest` (k=3, threshold 0.1) in one
process. Also prints the work done (candidate scores accumulated), which must grow linearly.
"""

from __future__ import annotations

import random
import sys
import time

from mkdocs_postmortem import similarity
from mkdocs_postmortem.model import Incident
from mkdocs_postmortem.scale import DEFAULT_SEVERITIES, Scale

VOCABULARY = 20_000


def words(rng: random.Random, weights: list[float], n: int) -> str:
    return " ".join(f"w{i}" for i in rng.choices(range(VOCABULARY), weights=weights, k=n))


def incidents(n: int) -> list[Incident]:
    rng = random.Random(42)
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    level = Scale.build("severity", DEFAULT_SEVERITIES).levels[1]
    out = []
    for i in range(n):
        data = {
            "id": f"INC-{i:06d}",
            "title": words(rng, weights, 8),
            "summary": words(rng, weights, 50),
            "root_cause": {"summary": words(rng, weights, 40), "trigger": words(rng, weights, 10)},
            "contributing_factors": [words(rng, weights, 12)],
        }
        out.append(Incident(data["id"], data["title"], "2026-01-01", level, "final", data, "", ""))
    return out


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000]
    print("| incidents | suggest (k=3) | per incident | suggestions |")
    print("| --- | --- | --- | --- |")
    for n in sizes:
        items = incidents(n)
        start = time.perf_counter()
        result = similarity.suggest(items, {}, 3, 0.1)
        elapsed = time.perf_counter() - start
        count = sum(len(v) for v in result.values())
        print(f"| {n:,} | {elapsed:.2f} s | {elapsed / n * 1000:.2f} ms | {count:,} |")


if __name__ == "__main__":
    main()
