"""Words left in the source language (DEMETR code-mix into English): recall and false alarms per source.

Reads ../shared/data/demetr in place. A perturbed MT (one source word or phrase put back into the
English) counts as found when a finding of `untranslated` or `wrong-language` overlaps the changed
words; false alarms are findings of those checks on the paired clean MT, on every other clean MT of
the DEMETR files (one per sentence id) and on the human references. Items are split by sentence id:
even ids are the tuning half, odd ids the held-out half, reported separately.

With --no-source the sources' texts are withheld (only their language is given), as when a translation
is checked on its own.

usage: python benchmarks/codemix.py [--checks untranslated,wrong-language] [--no-source] [--show missed,alarms]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from _demetr import (
    HALVES,
    LANGS,
    Scanner,
    Tally,
    changed_span,
    clean_pairs,
    half,
    overlaps,
    print_table,
    rows,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", default="untranslated,wrong-language")
    parser.add_argument("--no-source", action="store_true", help="withhold the source texts (languages only)")
    parser.add_argument("--show", default="", help="print 'missed' items and/or clean 'alarms' (comma-separated)")
    args = parser.parse_args()
    show = set(filter(None, args.show.split(",")))
    scanner = Scanner(args.checks.split(","))
    source = (lambda row: None) if args.no_source else (lambda row: row["src_sent"])
    table: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    started = time.perf_counter()
    for row in rows("critical_id4_codemix"):
        lang, part = LANGS[row["lang_tag"]], half(row)
        span = changed_span(row["mt_sent"], row["pert_sent"])
        found = scanner.findings(row["pert_sent"], source(row), row)
        hit = any(overlaps(f, span) for f in found)
        alarms = scanner.findings(row["mt_sent"], source(row), row)
        for key in (lang, "all"):
            table[key][f"recall {part}"].add(hit)
            table[key][f"paired clean flagged {part}"].add(bool(alarms))
        if "missed" in show and not hit:
            print(f"  MISSED [{lang} {part}] {row['pert_sent'][span[0]:span[1]]!r} in {row['pert_sent'][:140]!r}"
                  f" | found {[(f.check, f.text) for f in found]}")
        if "alarms" in show and alarms:
            print(f"  ALARM (paired) [{lang}] {[(f.check, f.text) for f in alarms]} in {row['mt_sent'][:140]!r}")
    for row, text, kind in clean_pairs():
        lang, part = LANGS[row["lang_tag"]], half(row)
        alarms = scanner.findings(text, source(row), row)
        for key in (lang, "all"):
            table[key][f"all clean flagged {part}"].add(bool(alarms))
        if "alarms" in show and alarms:
            print(f"  ALARM ({kind}) [{lang}] {[(f.check, f.text) for f in alarms]} in {text[:140]!r}")
    seconds = time.perf_counter() - started
    columns = [f"{what} {part}" for part in HALVES for what in ("recall", "paired clean flagged", "all clean flagged")]
    mode = "source languages only" if args.no_source else "with sources"
    print_table(f"DEMETR code-mix into English, {mode}, checks {args.checks} ({seconds:.0f} s)", columns, table,
                {c for c in columns if "flagged" in c})


if __name__ == "__main__":
    main()
