"""The `mtqa` command: parse options, call the library, pick the exit code.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, configuration or
input error (one line on stderr, never a traceback). A file that cannot be read is one such line, and
the other files are still scanned and reported before the run exits 2.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import signal
import sys
import traceback
from collections.abc import Iterator
from typing import Any, NoReturn, TextIO

import click

from mtqa.checks.packs import describe_entry, describe_pack, find_entries, load_packs
from mtqa.checks.registry import all_checks, find_check
from mtqa.config import LID_BACKENDS, Config, discover_config, load_config_file
from mtqa.errors import InputError, MtqaError, OutputError, UsageError
from mtqa.readers import READERS, STDIN
from mtqa.reporters import REPORTERS, Reporter, reporter_class
from mtqa.run.inputs import CheckerPerDirectory, expand_paths, pair_sources
from mtqa.run.pipeline import Checker
from mtqa.run.progress import ProgressReporter, progress_wanted
from mtqa.run.runner import NothingScanned, scan_paths
from mtqa.suppression.directives import UNUSED_CATEGORY, UNUSED_CODE, UNUSED_DOC, UNUSED_NAME, SuppressionFilter
from mtqa.util import interrupts
from mtqa.util.fast_exit import exit_leaving_heap
from mtqa.util.io import atomic_write, check_output_path, problem, same_file
from mtqa.util.printable import printable
from mtqa.version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_DEBUG = [False]  # set by `mtqa --debug`


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtqa")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an error (or set MTQA_DEBUG=1).")
def cli(debug: bool) -> None:
    """mtqa: find what machine translation got wrong, with exact spans."""
    _DEBUG[0] = debug


_STDOUT_NAMES = (None, "-", "/dev/stdout")


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path in _STDOUT_NAMES:
        yield sys.stdout
    else:
        assert path is not None
        with atomic_write(path) as handle:
            yield handle


def _load_config(paths: tuple[str, ...], config_file: str | None, isolated: bool) -> Config:
    if config_file:
        return load_config_file(config_file)
    if isolated:
        return Config()
    start = next((p for p in paths if p != STDIN), ".")
    return discover_config(start)


def _csv(values: tuple[str, ...]) -> list[str] | None:
    items = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return items or None


# Options shared by `scan` and `baseline`: what to check and how.
_CHECK_OPTIONS = (
    click.argument("paths", nargs=-1, required=True),
    click.option("--source-lang", "-s", help="Language of the source text (e.g. es)."),
    click.option("--target-lang", "-t", help="Language of the translation (e.g. fr)."),
    click.option("--select", multiple=True, help="Only these checks (codes, code prefixes or names; comma-separated)."),
    click.option("--extend-select", multiple=True, help="Add checks to the default selection."),
    click.option("--ignore", multiple=True, help="Skip these checks (codes, code prefixes or names)."),
    click.option("--lid-backend", type=click.Choice(LID_BACKENDS), default=None,
                 help="Language-identification backend."),
    click.option("--input-format", type=click.Choice(sorted(READERS)), default=None,
                 help="Read inputs as this format instead of guessing from the extension."),
    click.option("--source", "source_file", type=click.Path(dir_okay=False), default=None,
                 help="Source file of one target PATH: line-aligned text, or a JSON, PO or XLIFF file in the "
                      "source language (folder scans find `en.json` beside `fr.json` by themselves)."),
    click.option("--columns", default=None, metavar="ROLES",
                 help="Columns of a CSV/TSV table without a header row, in order (e.g. source,target; "
                      "- skips one)."),
    click.option("--glossary", multiple=True, help="Glossary (CSV or TBX) for the terminology check."),
    click.option("--include", multiple=True,
                 help="In folders and globs, scan only files matching this pattern (e.g. '*.fr.po'; repeatable)."),
    click.option("--exclude", multiple=True,
                 help="In folders and globs, skip files and folders matching this pattern (repeatable)."),
    click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
                 help="Worker processes for long inputs and folders (default: one per CPU core; never more than "
                      "the cores; 1 = no workers)."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                 help="Use this config file for every input instead of the nearest mtqa.toml / pyproject.toml."),
    click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
    click.option("--progress/--no-progress", default=None,
                 help="Progress line on stderr (default: on a terminal, for runs longer than a second)."),
    click.option("--comet", "comet", default=None, metavar="MODEL",
                 help="Score units with a COMET model: hub name (local cache), model folder or .ckpt (extra: comet)."),
    click.option("--comet-threshold", type=float, default=None,
                 help="Flag units whose COMET score is below this (quality-score, QS001)."),
    click.option("--comet-batch-size", type=click.IntRange(min=1), default=None, help="COMET batch size (default 16)."),
    click.option("--comet-threads", type=click.IntRange(min=1), default=None, help="torch CPU threads for COMET."),
    click.option("--comet-engine", type=click.Choice(["native", "unbabel"]), default=None,
                 help="native (torch + transformers, default) or unbabel (the unbabel-comet package)."),
    click.option("--comet-cache", default=None, metavar="DIR", help="Keep COMET segment scores in DIR between runs."),
    click.option("--comet-download", is_flag=True, default=None, help="Allow downloading a COMET model from the hub."),
    click.option("--device", type=click.Choice(["cpu", "cuda"]), default=None, help="Device for COMET (default cpu)."),
    click.option("--bf16", is_flag=True, default=None, help="Run COMET in bfloat16 (faster on recent hardware)."),
)


def _check_options(func: Any) -> Any:
    for option in reversed(_CHECK_OPTIONS):
        func = option(func)
    return func


@dataclasses.dataclass
class _Plan:
    files: list[str]
    checker: Checker
    checker_for: CheckerPerDirectory | None
    input_format: str | None
    progress: bool | None
    source: str | None
    sources: dict[str, str] = dataclasses.field(default_factory=dict)


def _plan(paths: tuple[str, ...], options: dict[str, Any], output: str | None = None,
          baseline_file: str | None = None) -> _Plan:
    """Expand the inputs and build the checkers: one per config file met, unless --config/--isolated.

    The run's own report and baseline files are left out of folder walks and globs; naming the report
    as an input, or writing it onto any file the run reads, is refused (by file identity, not by name).
    """
    config_file, isolated = options.pop("config_file"), options.pop("isolated")
    input_format, progress = options.pop("input_format"), options.pop("progress")
    source = options.pop("source_file")
    writes = output if output not in _STDOUT_NAMES else None
    if writes is not None and baseline_file and same_file(writes, baseline_file):
        raise OutputError(writes, f"is the baseline this run reads ({baseline_file}): refusing to overwrite it")
    files = []
    for found in expand_paths(paths, options.pop("include"), options.pop("exclude")):
        own = found != STDIN and any(same_file(found, p) for p in (writes, baseline_file) if p)
        if own and writes is not None and found in paths and same_file(found, writes):
            raise OutputError(writes, f"is an input of this run ({found}): refusing to overwrite it")
        if not own:
            files.append(found)
    for key in ("select", "extend_select", "ignore", "glossary"):
        options[key] = _csv(options[key])
    options["columns"] = _csv((options["columns"],)) if options["columns"] else None
    options["comet_cache"] = options["comet_cache"] or None
    per_directory = None if config_file or isolated else CheckerPerDirectory(options)
    if per_directory is not None:
        checker = per_directory(files[0] if files else ".")
    else:
        checker = Checker(_load_config(tuple(files), config_file, isolated).updated(options))
    sources: dict[str, str] = {}
    if source is None and input_format in (None, "json", "po", "xliff"):
        pairing = pair_sources(files, checker.config.source_lang)
        files, sources = pairing.targets, pairing.sources
    plan = _Plan(files, checker, per_directory, input_format, progress, source, sources)
    if writes is not None:
        for path in _inputs_read(plan):
            if same_file(path, writes):
                raise OutputError(writes, f"is a file this run reads ({path}): refusing to overwrite it")
    return plan


def _inputs_read(plan: _Plan) -> Iterator[str]:
    """Every file the run reads besides its inputs: the sources, config files, glossaries, packs, lists."""
    yield from (f for f in plan.files if f != STDIN)
    if plan.source:
        yield plan.source
    yield from plan.sources.values()
    checkers = {id(plan.checker): plan.checker}
    if plan.checker_for is not None:
        for file in plan.files:  # cached per folder and per config file: building them now costs little
            checker = plan.checker_for(file)
            checkers.setdefault(id(checker), checker)
    for checker in checkers.values():
        config = checker.config
        yield from (p for p in (config.origin, *config.glossary, *config.packs, *config.do_not_translate) if p)


def _report_error(error: InputError) -> None:
    """One file's error: one line on stderr (escaped like every message), and the scan goes on."""
    click.echo(printable(f"mtqa: error: {error}"), err=True)


@cli.command()
@_check_options
@click.option("--format", "-f", "output_format", type=click.Choice(sorted(REPORTERS)), default=None,
              help="Output format (default: text).")
@click.option("--output", "-o", "output", help="Write the report to this file (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(["minor", "major", "critical"]), default=None,
              help="Exit 1 when a finding has at least this severity (default: major).")
@click.option("--exit-zero", is_flag=True, default=None, help="Exit 0 even when findings fail the threshold.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline (see `mtqa baseline`); list fixed ones.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option("--min-quality", type=float, default=None,
              help="Exit 1 when a file's MQM-style quality (100 - penalty per 1,000 words) is below this.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              help="Where the checks run: this process (default) or a Ray cluster (needs mtqa[ray]).")
@click.option("--ray-address", default=None,
              help="With --engine ray: the cluster to join (ray://host:10001, host:6379 or auto); "
                   "default: a local Ray instance.")
def scan(paths: tuple[str, ...], output_format: str | None, output: str | None, baseline_file: str | None,
         color: bool | None, engine: str, ray_address: str | None, **options: Any) -> None:
    """Check translated files, folders or glob patterns (use - for stdin)."""
    if ray_address and engine != "ray":
        raise UsageError("--ray-address needs --engine ray")
    plan = _plan(paths, options, output=output, baseline_file=baseline_file)
    if engine == "ray":
        plan = _on_ray(plan, ray_address)
    config = plan.checker.config
    filters: list[Any] = [SuppressionFilter()]
    baseline = None
    if baseline_file:
        from mtqa.suppression.baseline import BaselineFilter

        baseline = BaselineFilter(baseline_file)
    if baseline is not None:
        filters.append(baseline)
    try:
        with _output(output) as out:
            use_color = color if color is not None else (output in _STDOUT_NAMES and out.isatty())
            reporter: Reporter = reporter_class(output_format or "text")(out, color=use_color)
            if progress_wanted(sys.stderr, plan.progress):
                reporter = ProgressReporter(reporter, sys.stderr, total_files=len(plan.files))
            report = scan_paths(plan.files, plan.checker, reporter, input_format=plan.input_format,
                                source=plan.source, filters=filters, checker_for=plan.checker_for,
                                sources=plan.sources, on_error=_report_error)
    except NothingScanned:  # each file's error is already on stderr; an old report file is left as it was
        raise SystemExit(EXIT_ERROR) from None
    if baseline is not None:
        for line in baseline.summary_lines():
            click.echo(printable(line), err=True)
    low = _below_min_quality(report.files, config.min_quality)
    for path, quality in low:
        click.echo(f"mtqa: {printable(path)}: MQM quality {quality:.2f} is below --min-quality "
                   f"{config.min_quality:g}", err=True)
    if report.errors:
        raise SystemExit(EXIT_ERROR)
    if (report.failed or low) and not config.exit_zero:
        raise SystemExit(EXIT_FINDINGS)


def _on_ray(plan: _Plan, address: str | None) -> _Plan:
    """The same plan with each checker (one per config file met) running its checks on Ray."""
    from mtqa.engines.ray_engine import RayChecker

    made: dict[int, Checker] = {}

    def on_ray(checker: Checker) -> Checker:
        if id(checker) not in made:  # the per-directory checkers are cached, so their ids are stable
            made[id(checker)] = RayChecker(checker.config, address=address)
        return made[id(checker)]

    per_directory = plan.checker_for
    checker_for = (lambda path: on_ray(per_directory(path))) if per_directory is not None else None
    return dataclasses.replace(plan, checker=on_ray(plan.checker), checker_for=checker_for)


def _below_min_quality(files: list[Any], minimum: float | None) -> list[tuple[str, float]]:
    if minimum is None:
        return []
    qualities = [(f.path, f.scores.get("mqm", {}).get("quality")) for f in files]
    return [(path, q) for path, q in qualities if q is not None and q < minimum]


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--input-format", type=click.Choice(sorted(READERS)), default=None,
              help="Read inputs as this format instead of guessing from the extension.")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--sentences", is_flag=True, help="Also print sentence-level scores, one line per unit.")
def score(paths: tuple[str, ...], input_format: str | None, output_format: str, sentences: bool) -> None:
    """Print sacrebleu BLEU, chrF++ and TER of bitext with references (source, target, reference)."""
    import json

    from mtqa.readers import read_document
    from mtqa.scoring.metrics import corpus_scores, sentence_scores

    results = []
    for path in paths:
        document = read_document(path, input_format)
        units = [u for u in document.units]
        missing = sum(1 for u in units if u.reference is None)
        if not units or missing:
            raise UsageError(f"{path}: {missing or 'no'} of {len(units)} units have no reference "
                             "(sacrebleu metrics need a reference for every unit)")
        hyps = [u.target for u in units]
        refs = [u.reference or "" for u in units]
        entry: dict[str, Any] = {"path": path, "units": len(units),
                                 **{k: v.to_dict() for k, v in corpus_scores(hyps, refs).items()}}
        if sentences:
            entry["sentences"] = [{"unit": u.id, **{k: round(v, 4) for k, v in sentence_scores(h, r).items()}}
                                  for u, h, r in zip(units, hyps, refs, strict=True)]
        results.append(entry)
    if output_format == "json":
        click.echo(json.dumps({"mtqa": {"version": __version__}, "files": results}, ensure_ascii=False))
        return
    for entry in results:
        click.echo(f"{printable(entry['path'])} ({entry['units']} units)")
        for name in ("bleu", "chrf++", "ter"):
            click.echo(f"  {name:7} {entry[name]['score']:8.2f}  {entry[name]['signature']}")
        for row in entry.get("sentences", []):
            scores = "  ".join(f"{k} {row[k]:.2f}" for k in ("bleu", "chrf++", "ter"))
            click.echo(f"  unit {printable(str(row['unit']))}: {scores}")


@cli.command()
@_check_options
@click.option("--output", "-o", "output", default=".mtqa-baseline.json", show_default=True,
              help="The baseline file to write.")
def baseline(paths: tuple[str, ...], output: str, **options: Any) -> None:
    """Record today's findings, so that `mtqa scan --baseline FILE` reports only new ones."""
    plan = _plan(paths, options, output=output)
    from mtqa.suppression.baseline import BaselineRecorder

    check_output_path(output)  # before the scan, not after it
    recorder = BaselineRecorder(output)
    reporter: Reporter = Reporter(sys.stdout)
    if progress_wanted(sys.stderr, plan.progress):
        reporter = ProgressReporter(reporter, sys.stderr, total_files=len(plan.files))
    try:
        report = scan_paths(plan.files, plan.checker, reporter, input_format=plan.input_format, source=plan.source,
                            filters=[SuppressionFilter(), recorder], checker_for=plan.checker_for,
                            sources=plan.sources, on_error=_report_error)
    except NothingScanned:
        raise SystemExit(EXIT_ERROR) from None
    count = recorder.write()
    click.echo(f"mtqa: recorded {count} finding(s) from {len(report.files)} file(s) in {printable(output)}",
               err=True)
    if report.errors:
        raise SystemExit(EXIT_ERROR)


@cli.command()
def rules() -> None:
    """List every check: code, name, default severity, and what it flags."""
    for cls in all_checks():
        default = "" if cls.enabled_by_default else " (off by default)"
        click.echo(f"{cls.code}  {cls.name:22} {cls.severity.value:8} {cls.summary()}{default}")
    click.echo(f"{UNUSED_CODE}  {UNUSED_NAME:22} {'minor':8} {UNUSED_DOC.splitlines()[0]} (from suppressions)")


@cli.command()
@click.argument("key")
def rule(key: str) -> None:
    """Show the documentation of one check (by code or name), or one pack entry (by id)."""
    if key.lower() in (UNUSED_CODE.lower(), UNUSED_NAME):
        click.echo(f"{UNUSED_CODE} {UNUSED_NAME}\n\ncategory: {UNUSED_CATEGORY}\ndefault severity: minor\n")
        click.echo(UNUSED_DOC.strip())
        return
    packs = load_packs()
    entries = find_entries(key, packs)
    if entries and not any(key.lower() in (c.code.lower(), c.name) for c in all_checks()):
        for entry in entries:
            click.echo("\n".join(printable(line) for line in describe_entry(entry)))
        return
    cls = find_check(key)
    click.echo(f"{cls.code} {cls.name}\n")
    click.echo(f"category: {cls.category}\ndefault severity: {cls.severity.value}")
    if cls.languages:
        click.echo(f"target languages: {', '.join(sorted(cls.languages))}")
    if cls.needs_source:
        click.echo("needs the source text")
    click.echo("\n" + cls.doc())
    pack_entries = [e for p in packs for e in p.entries if e.check == cls.name]
    if pack_entries:
        click.echo(f"\npack entries ({len(pack_entries)}; `mtqa packs` lists the packs):")
        for entry in pack_entries:
            click.echo("  " + "\n  ".join(printable(line) for line in describe_entry(entry)))
    elif cls.examples:
        click.echo("\nexamples:")
        for example in cls.examples:
            mark = "flagged" if example.flagged else "clean  "
            click.echo(f"  {mark} [{example.target_lang}] {example.text}")


@cli.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Include the user packs of this config file (default: the nearest one).")
def packs(config_file: str | None) -> None:
    """List the language packs (built-in and configured) with their entry counts."""
    config = _load_config((), config_file, isolated=False)
    for pack in load_packs(tuple(config.packs)):
        click.echo(printable(describe_pack(pack)))


def _debug_wanted() -> bool:
    return _DEBUG[0] or os.environ.get("MTQA_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def _fail(message: str) -> NoReturn:
    """One line on stderr (control characters escaped: messages quote file names and contents), exit 2."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(printable(message) + "\n")
        sys.stderr.flush()
    raise SystemExit(EXIT_ERROR)


def _silence_stdout() -> None:
    """After stdout failed (closed pipe, full disk), point it at /dev/null so that the interpreter's own
    final flush does not fail again with a second message."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _prepare_streams() -> None:
    # Whatever a report holds, writing it never fails for want of an encoding: characters stdout cannot
    # carry (lone surrogates, or anything on a non-UTF-8 console) are written as backslash escapes.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> None:
    """Console entry point and the one error boundary: every error becomes one line on stderr and exit code 2.

    Errors mtqa expects (bad input, configuration, options, output paths, the system refusing a read or a
    write) print `mtqa: error: WHERE: problem`; anything else is a bug in mtqa and prints one
    `mtqa: internal error` line asking for a bug report. The traceback is shown only with `mtqa --debug`
    or MTQA_DEBUG=1. Exit code 1 is kept for findings.
    """
    _prepare_streams()
    handlers = {}
    unraisable_hook = sys.unraisablehook
    sys.unraisablehook = interrupts.quiet_finalisers(unraisable_hook)
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                handlers[signum] = signal.signal(signum, interrupts.request)
    try:
        try:
            cli.main(args=argv, prog_name="mtqa", standalone_mode=False)
        except SystemExit as exc:
            # click turns a closed standard output (`mtqa scan | head`) into exit code 1, which means
            # findings here; it leaves its stream wrappers behind as the sign.
            if exc.code == EXIT_FINDINGS and type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):
                raise BrokenPipeError(errno.EPIPE, "standard output closed") from None
            raise
        finally:
            with contextlib.suppress(BrokenPipeError):
                sys.stdout.flush()
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except (click.exceptions.Abort, KeyboardInterrupt):
        _fail("mtqa: aborted")
    except interrupts.Interrupted as exc:
        _fail(f"mtqa: aborted ({exc})")
    except click.ClickException as exc:
        _fail(f"mtqa: error: {exc.format_message()}")
    except MtqaError as exc:
        _debug_traceback()
        _fail(f"mtqa: error: {exc}")
    except BrokenPipeError:
        # Not 0: the scan stopped before its end, so whether it would fail the gate is unknown.
        _silence_stdout()
        _fail("mtqa: error: standard output was closed before the report was complete")
    except MemoryError:
        _fail("mtqa: error: out of memory")
    except OSError as exc:  # the system refused a read or a write that no reader or writer named
        _debug_traceback()
        if exc.filename is None and exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG):
            _silence_stdout()
            _fail(f"mtqa: error: cannot write the report: {problem(exc)}")
        where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
        _fail(f"mtqa: error: {where}{problem(exc)}")
    except Exception as exc:
        _debug_traceback()
        _fail(f"mtqa: internal error: {type(exc).__name__}: {str(exc)[:200]} (a bug in mtqa: please report it "
              f"with the command line and `mtqa --version` {__version__}; rerun with --debug or MTQA_DEBUG=1 "
              "for the traceback)")
    finally:
        interrupts.clear()
        sys.unraisablehook = unraisable_hook
        for signum, handler in handlers.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)
    raise SystemExit(EXIT_OK)


def console() -> NoReturn:
    """The `mtqa` command (and `python -m mtqa`): `main`, then an exit that leaves the heap to the operating
    system (`mtqa.util.fast_exit`). Library callers and tests call `main`, which raises `SystemExit`."""
    try:
        main()
    except SystemExit as exc:
        exit_leaving_heap(exc.code)
    exit_leaving_heap(EXIT_OK)  # (main always raises SystemExit)


def _debug_traceback() -> None:
    if _debug_wanted():
        traceback.print_exc()
