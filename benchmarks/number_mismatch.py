"""Numbers across scripts and forms (DEMETR, into English): number-mismatch recall and false alarms.

Reads ../shared/data/demetr in place. Recall: perturbed MT of `critical_id10_numbers_replaced` (a
number changed) flagged by `number-mismatch`; false alarms: its paired clean MT, every other clean MT
of the DEMETR files (one per sentence id) and the human references, flagged. Items are split by sentence
id: even ids are the tuning half, odd ids the held-out half, reported separately.

usage: python benchmarks/number_mismatch.py [--show missed,alarms]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from _demetr import HALVES, LANGS, Scanner, Tally, clean_pairs, half, print_table, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="", help="print 'missed' items and/or clean 'alarms' (comma-separated)")
    args = parser.parse_args()
    show = set(filter(None, args.show.split(",")))
    scanner = Scanner(["number-mismatch"])
    table: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    started = time.perf_counter()
    for row in rows("critical_id10_numbers_replaced"):
        lang, part = LANGS[row["lang_tag"]], half(row)
        found = scanner.findings(row["pert_sent"], row["src_sent"], row)
        alarms = scanner.findings(row["mt_sent"], row["src_sent"], row)
        for key in (lang, "all"):
            table[key][f"recall {part}"].add(bool(found))
            table[key][f"paired clean flagged {part}"].add(bool(alarms))
        if "missed" in show and not found:
            print(f"  MISSED [{lang} {part}] {row['src_sent'][:100]!r}\n      mt: {row['mt_sent'][:120]!r}\n"
                  f"    pert: {row['pert_sent'][:120]!r}")
        if "alarms" in show and alarms:
            print(f"  ALARM (paired) [{lang}] {[f.text for f in alarms]} src {row['src_sent'][:100]!r}\n"
                  f"      mt: {row['mt_sent'][:140]!r}")
    for row, text, kind in clean_pairs():
        lang, part = LANGS[row["lang_tag"]], half(row)
        alarms = scanner.findings(text, row["src_sent"], row)
        for key in (lang, "all"):
            table[key][f"all clean flagged {part}"].add(bool(alarms))
        if "alarms" in show and alarms:
            print(f"  ALARM ({kind}) [{lang}] {[f.text for f in alarms]} src {row['src_sent'][:100]!r}\n"
                  f"      en: {text[:140]!r}")
    seconds = time.perf_counter() - started
    columns = [f"{what} {part}" for part in HALVES for what in ("recall", "paired clean flagged", "all clean flagged")]
    print_table(f"DEMETR numbers replaced, into English, number-mismatch ({seconds:.0f} s)", columns, table,
                {c for c in columns if "flagged" in c})


if __name__ == "__main__":
    main()
