"""Fit the spread of log length ratios on real localisation files (the `[spread]` of packs/length/factors.toml).

usage: python benchmarks/length_spread.py [REALFILES_DIR] [--show K]

Reads every judged file of a realfiles corpus (default: shared/data/realfiles-dev, read in place) with
mtqa's readers, keeps the units whose source is text (not a message key or metadata), and measures
L = log(target length / (pair factor x source length)) with `mtqa.text.lengths.form_length`. Each
document's median is taken out (as the check does), then the robust spread (MAD x 1.4826) of L is
printed per bucket of mean length m, with the fit of spread^2 = relative + counting / m over the
buckets with m >= 5 (shorter ones are mostly names and copies), by least squares on the log of the
spread, weighted by units. With --show K,
lists the units beyond K standard deviations under the fitted model.
"""

from __future__ import annotations

import argparse
import math
import shlex
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _data import shared_data  # noqa: E402

from mtqa.checks.source_checks import _length_factors  # noqa: E402
from mtqa.errors import MtqaError  # noqa: E402
from mtqa.readers import read_document  # noqa: E402
from mtqa.text.lengths import Spread, form_length  # noqa: E402
from mtqa.text.unit_kinds import classify  # noqa: E402
from mtqa.util.datafiles import base_language  # noqa: E402

EDGES = (5, 8, 12, 16, 24, 32, 48, 64, 96, 128, 256, math.inf)


def samples(root: Path) -> dict[str, list[tuple[str, float, float]]]:
    """Per file: (unit id, log ratio, mean length) of its text units."""
    factors = _length_factors()
    out: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for line in (root / "runs.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _name, file, options, fallback, _role = line.split("\t")
        opts = shlex.split(options) + shlex.split(fallback)
        source = opts[opts.index("--source") + 1] if "--source" in opts else None
        try:
            doc = read_document(str(root / file), None, str(root / source) if source else None)
        except MtqaError:
            continue
        target = doc.target_lang or (opts[opts.index("-t") + 1] if "-t" in opts else None)
        c = factors.get(base_language(target) or "", 1.0) / factors.get(base_language(doc.source_lang or "en"), 1.0)
        for unit in doc.units:
            kind = classify(unit.source, unit.target, unit.id)
            if not kind.source:
                continue
            s, t = form_length(kind.source), form_length(unit.target)
            if s and t:
                out[file].append((unit.id or "", math.log(t / (c * s)), (s + t / c) / 2))
    return out


def fit(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """(relative, counting) minimising the unit-weighted squared log error of the modelled spread."""
    best = (math.inf, 0.0, 0.0)
    for i in range(0, 61):
        relative = i / 2000
        for j in range(0, 301):
            counting = j / 100
            if relative == counting == 0:
                continue
            err = sum(w * (math.log(Spread(relative, counting).sd(m)) - math.log(mad)) ** 2 for m, mad, w in points)
            best = min(best, (err, relative, counting))
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("realfiles", nargs="?", default=str(shared_data() / "realfiles-dev"))
    parser.add_argument("--show", type=float, default=0, metavar="K")
    args = parser.parse_args()
    per_file = samples(Path(args.realfiles))
    buckets: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for rows in per_file.values():
        centre = statistics.median(r for _, r, _ in rows)
        for _, ratio, mean in rows:
            buckets[next(e for e in EDGES if mean < e)].append((ratio - centre, mean))
    print(f"{sum(map(len, per_file.values()))} text units in {len(per_file)} files")
    print(f"{'m <':>6s} {'units':>6s} {'median m':>9s} {'spread':>7s}")
    points = []
    for edge in EDGES:
        rows = buckets.get(edge, [])
        if len(rows) < 20:
            continue
        mad = statistics.median(abs(r) for r, _ in rows) * 1.4826
        m = statistics.median(mean for _, mean in rows)
        print(f"{edge:6.0f} {len(rows):6d} {m:9.1f} {mad:7.3f}")
        if edge > EDGES[0]:
            points.append((m, mad, len(rows)))
    relative, counting = fit(points)
    print(f"fit: spread^2 = {relative:.3f} + {counting:.2f} / m")
    for m, mad, _ in points:
        print(f"  m {m:6.1f}: observed {mad:.3f}, modelled {Spread(relative, counting).sd(m):.3f}")
    if args.show:
        spread = Spread(max(relative, 0.0), counting)
        for file, rows in sorted(per_file.items()):
            centre = statistics.median(r for _, r, _ in rows)
            for ident, ratio, mean in rows:
                sds = (ratio - centre) / spread.sd(mean)
                if abs(sds) > args.show:
                    print(f"  {sds:+6.1f} {file} {ident[:60]!r}")


if __name__ == "__main__":
    main()
