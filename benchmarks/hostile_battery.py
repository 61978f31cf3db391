"""Hostile input and misuse, one case per root cause of issue 18: does each one hold?

Every case builds its inputs in a fresh temporary folder, runs `MTQA scan ...` (or `baseline`) in a
subprocess with a wall-clock limit, and checks what a CI user relies on: no traceback; exit 2 with one
`mtqa: error:` line for bad input (never 1, which means findings); inputs and symlinks intact; reports
created with the permissions of the umask (and replaced ones keeping theirs); nothing read outside the
named files (the "outside" files are FIFOs, so a read hangs and the case times out); no raw terminal
escapes in the output; time and peak memory (ru_maxrss of the process tree) within bounds.

A case may be marked `later` when its fix belongs to another branch: it is run and shown, and does not
count in the total. None is now (glued-words on one huge word inside a unit, from r16-artefacts, and the
HTML reporter, from r17-docs, hold since those branches were merged).

usage: python benchmarks/hostile_battery.py [MTQA_EXECUTABLE] [-k SUBSTRING] [--quick]
       MTQA_EXECUTABLE defaults to `python -m mtqa` of this checkout; --quick skips the multi-MB cases.
Prints one row per case (PASS/FAIL/SKIP, exit code, seconds, peak MB, why) and a summary line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW_ESCAPES = (b"\x1b", b"\x07", b"\x9b", b"\xc2\x9b", b"\x08")
PO = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      'msgid "Hello world"\nmsgstr "Bonjour le le monde"\n')
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class Result:
    rc: int | None
    out: bytes
    err: bytes
    seconds: float
    peak_mb: float
    first_byte: float | None = None


@dataclass
class Case:
    name: str
    run: Callable[[Path, list[str]], str | None]  # returns None when the case holds, else why not
    later: str = ""  # the branch that owns the fix, for cases not counted yet
    slow: bool = False
    problems: list[str] = field(default_factory=list)


def run(mtqa: list[str], args: list[str], cwd: Path, timeout: float = 60, stdin: bytes | None = None,
        env: dict[str, str] | None = None, on_start: Callable[[subprocess.Popen], None] | None = None) -> Result:
    """Run mtqa; kill its whole process group at the timeout; peak memory from wait4 (largest process)."""
    start = time.monotonic()
    proc = subprocess.Popen([*mtqa, *args], cwd=cwd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, **(env or {})})
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    if on_start is not None:
        on_start(proc)
    import selectors

    out, err = bytearray(), bytearray()
    first: float | None = None
    selector = selectors.DefaultSelector()
    assert proc.stdout is not None and proc.stderr is not None
    selector.register(proc.stdout, selectors.EVENT_READ, out)
    selector.register(proc.stderr, selectors.EVENT_READ, err)
    timed_out = False
    while selector.get_map():
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            break
        for key, _ in selector.select(min(left, 0.5)):
            chunk = os.read(key.fileobj.fileno(), 1 << 16)  # type: ignore[union-attr]
            if not chunk:
                selector.unregister(key.fileobj)
                continue
            if key.data is out and first is None:
                first = time.monotonic() - start
            key.data.extend(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    rc = None if timed_out else os.waitstatus_to_exitcode(status)
    return Result(rc, bytes(out), bytes(err), seconds, usage.ru_maxrss / 1024, first)


# --- common verdicts ------------------------------------------------------------------------------

def no_traceback(r: Result) -> str | None:
    if r.rc is None:
        return f"timed out after {r.seconds:.0f}s"
    if b"Traceback" in r.err or b"Error:" in r.err.split(b"mtqa: error:")[0]:
        return "traceback: " + r.err.decode("utf-8", "replace").strip().splitlines()[-1][:120]
    if r.rc not in (0, 1, 2):
        return f"exit {r.rc}"
    return None


def bad_input(r: Result, mention: str = "") -> str | None:
    """Exit 2, one line `mtqa: error: ...` on stderr (naming `mention` when given)."""
    why = no_traceback(r)
    if why:
        return why
    lines = r.err.decode("utf-8", "replace").strip().splitlines()
    if r.rc != 2:
        return f"exit {r.rc}, expected 2 ({(lines or [''])[-1][:100]})"
    if len(lines) != 1 or not lines[0].startswith("mtqa: error:"):
        return f"expected one 'mtqa: error:' line, got {len(lines)}: {(lines or [''])[0][:100]}"
    if mention and mention not in lines[0]:
        return f"error does not name {mention!r}: {lines[0][:100]}"
    return None


def no_escapes(r: Result) -> str | None:
    for blob, name in ((r.out, "stdout"), (r.err, "stderr")):
        for raw in RAW_ESCAPES:
            if raw in blob:
                return f"raw {raw!r} on {name}"
    return None


def utf8(blob: bytes) -> str | None:
    try:
        blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"output is not UTF-8: {exc}"
    return None


def first(*checks: str | None) -> str | None:
    return next((c for c in checks if c), None)


def snapshot(paths: list[Path]) -> dict[str, object]:
    out: dict[str, object] = {}
    for p in paths:
        st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode):
            out[str(p)] = ("link", os.readlink(p))
        elif stat.S_ISREG(st.st_mode):
            out[str(p)] = ("file", p.read_bytes(), stat.S_IMODE(st.st_mode))
        else:
            out[str(p)] = ("special", stat.S_IFMT(st.st_mode), st.st_rdev)
    return out


def intact(before: dict[str, object], paths: list[Path]) -> str | None:
    after = snapshot(paths)
    for key, value in before.items():
        if after.get(key) != value:
            return f"{Path(key).name} was changed"
    return None


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


CANARY = "CANARY-OUTSIDE"


def canary_dir(root: Path) -> Path:
    """A folder outside the inputs with a file of every data name mtqa reads; reading one of them shows
    (its content is not TOML and names itself)."""
    folder = root / "outside" / "x"
    folder.mkdir(parents=True)
    for name in ("numerals", "glued-words", "function-words", "grammar", "repetition", "gender", "segmentation",
                 "loanwords", "calques", "false-friends", "scale-words", "spacing", "factors"):
        (folder / f"{name}.toml").write_text(f"{CANARY} = [\n")
    return folder


def read_outside(r: Result) -> str | None:
    """Whether the output shows a file of `outside/` (its name in an error, or its content in a finding)."""
    shown = r.out + r.err
    return "read a file outside the named ones" if CANARY.encode() in shown or b"outside/" in shown else None


def device(path: Path, minor: int) -> Path | None:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, OSError):
        return None
    return path


# --- the cases ------------------------------------------------------------------------------------

def _onto_input(d: Path, m: list[str], command: str) -> str | None:
    (d / "x.po").write_text(PO)
    before = snapshot([d / "x.po"])
    r = run(m, [command, "x.po", "-o", "x.po"], d)
    return first(bad_input(r), intact(before, [d / "x.po"]))


def case_o_onto_input(d: Path, m: list[str]) -> str | None:
    return _onto_input(d, m, "scan")


def case_o_onto_input_identity(d: Path, m: list[str]) -> str | None:
    (d / "sub").mkdir()
    (d / "x.po").write_text(PO)
    os.link(d / "x.po", d / "sub" / "hard.po")
    (d / "g.csv").write_text("source,target\nworld,monde\n")
    before = snapshot([d / "x.po", d / "g.csv"])
    r1 = run(m, ["scan", "x.po", "-o", "sub/../x.po"], d)
    r2 = run(m, ["scan", "x.po", "-o", "sub/hard.po"], d)
    r3 = run(m, ["scan", "x.po", "--glossary", "g.csv", "-s", "en", "-o", "g.csv"], d)
    return first(bad_input(r1), bad_input(r2), bad_input(r3), intact(before, [d / "x.po", d / "g.csv"]))


def case_baseline_o_onto_input(d: Path, m: list[str]) -> str | None:
    return _onto_input(d, m, "baseline")


def case_o_symlink_to_file(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    (d / "other.txt").write_text("precious\n")
    os.symlink("other.txt", d / "report.txt")
    os.symlink("x.po", d / "alias.txt")
    paths = [d / "x.po", d / "other.txt", d / "report.txt", d / "alias.txt"]
    before = snapshot(paths)
    r1 = run(m, ["scan", "x.po", "-o", "report.txt"], d)
    r2 = run(m, ["scan", "x.po", "-o", "alias.txt"], d)
    return first(bad_input(r1), bad_input(r2), intact(before, paths))


def case_o_symlink_to_devnull(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    os.symlink("/dev/null", d / "report.json")
    before = snapshot([d / "report.json"])
    r = run(m, ["scan", "x.po", "-f", "json", "-o", "report.json"], d)
    return first(bad_input(r), intact(before, [d / "report.json"]))


def case_o_device(d: Path, m: list[str]) -> str | None:
    node = device(d / "null", 3)
    if node is None:
        return "SKIP: cannot create a device node here"
    (d / "x.po").write_text(PO)
    before = snapshot([node])
    r = run(m, ["scan", "x.po", "-o", "null"], d)
    return first(bad_input(r), intact(before, [node]))


def case_o_full_disk(d: Path, m: list[str]) -> str | None:
    node = device(d / "full", 7)
    if node is None:
        return "SKIP: cannot create a device node here"
    (d / "x.po").write_text(PO)
    before = snapshot([node])
    r1 = run(m, ["scan", "x.po", "-o", "full"], d)
    # stdout on a full disk: `mtqa scan x.po > /dev/full`
    with open(node, "wb") as full:
        proc = subprocess.run([*m, "scan", "x.po"], cwd=d, stdout=full, stderr=subprocess.PIPE, timeout=60)
    r2 = Result(proc.returncode, b"", proc.stderr, 0, 0)
    return first(bad_input(r1), bad_input(r2), intact(before, [node]),
                 None if not list(d.glob(".*.tmp")) else "temp file left behind")


def case_o_bad_folder(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    (d / "folder").mkdir()
    r1 = run(m, ["scan", "x.po", "-o", "missing/report.txt"], d)
    r2 = run(m, ["scan", "x.po", "-o", "folder"], d)
    r3 = run(m, ["baseline", "x.po", "-o", "missing/b.json"], d)
    why = first(bad_input(r1, "missing"), bad_input(r2, "folder"), bad_input(r3, "missing"))
    if why or IS_ROOT:
        return why
    (d / "ro").mkdir(mode=0o555)
    return bad_input(run(m, ["scan", "x.po", "-o", "ro/report.txt"], d), "ro")


def case_report_permissions(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    r1 = run(m, ["scan", "x.po", "-o", "new.txt"], d)
    mode = stat.S_IMODE(os.stat(d / "new.txt").st_mode) if (d / "new.txt").exists() else None
    want = 0o666 & ~umask()
    (d / "kept.txt").write_text("old\n")
    os.chmod(d / "kept.txt", 0o640)
    r2 = run(m, ["scan", "x.po", "-o", "kept.txt"], d)
    kept = stat.S_IMODE(os.stat(d / "kept.txt").st_mode)
    r3 = run(m, ["baseline", "x.po", "-o", "b.json"], d)
    bmode = stat.S_IMODE(os.stat(d / "b.json").st_mode) if (d / "b.json").exists() else None
    return first(no_traceback(r1), no_traceback(r2), no_traceback(r3),
                 None if mode == want else f"new report mode {mode and oct(mode)}, umask wants {oct(want)}",
                 None if kept == 0o640 else f"replaced report mode {oct(kept)}, was 0o640",
                 None if bmode == want else f"new baseline mode {bmode and oct(bmode)}, umask wants {oct(want)}")


def _lang_case(d: Path, m: list[str], name: str, content: str, extra: list[str] = ()) -> str | None:
    canary_dir(d)
    depth = len(d.parts) + 12
    code = "/".join([".."] * depth) + str(d / "outside" / "x")
    (d / "in").mkdir()
    (d / "in" / name).write_text(content.replace("CODE", code))
    r = run(m, ["scan", f"in/{name}", *extra], d, timeout=30)
    return read_outside(r) or no_traceback(r) or (bad_input(r) if r.rc == 2 else None)


def case_lang_json(d: Path, m: list[str]) -> str | None:
    return _lang_case(d, m, "x.json", '{"target_lang": "CODE", "a": "Il a 3 chats et 1 000 millions."}')


def case_lang_xliff(d: Path, m: list[str]) -> str | None:
    return _lang_case(d, m, "x.xlf", '<xliff version="1.2"><file source-language="CODE" target-language="CODE">'
                      '<body><trans-unit id="1"><source>3 cats</source><target>3 chats le le</target></trans-unit>'
                      '</body></file></xliff>')


def case_lang_po(d: Path, m: list[str]) -> str | None:
    return _lang_case(d, m, "x.po", PO.replace("Language: fr", "Language: CODE"))


def case_lang_long(d: Path, m: list[str]) -> str | None:
    (d / "x.json").write_text(json.dumps({"target_lang": "a" * 300, "source_lang": "b" * 5000,
                                          "a": "Il a vu le le chat."}))
    r = run(m, ["scan", "x.json"], d)
    return no_traceback(r) or (bad_input(r) if r.rc == 2 else None)


def case_po_content_is_path(d: Path, m: list[str]) -> str | None:
    target = d / "outside" / "secret.po"
    target.parent.mkdir()
    target.write_text(PO.replace("Hello world", CANARY))
    (d / "x.po").write_text(str(target))
    (d / "y.po").write_text("outside/secret.po")
    r1 = run(m, ["scan", "x.po", "-t", "fr"], d, timeout=20)
    r2 = run(m, ["scan", "y.po", "-t", "fr"], d, timeout=20)
    return first(read_outside(r1), read_outside(r2), no_traceback(r1), no_traceback(r2))


def case_terminal_escapes(d: Path, m: list[str]) -> str | None:
    name = "esc\x1b[2J\x07.txt"
    (d / name).write_text("Il a vu le le chat \x1b]0;PWNED\x07 \x1b[31mrouge\x9b1m.\n")
    (d / "u.json").write_text(json.dumps({"target_lang": "fr", "id\x1b[5m": "Il a vu le le chat \x1b[2J."}))
    r1 = run(m, ["scan", name, "u.json", "-t", "fr"], d)
    r2 = run(m, ["baseline", name, "-t", "fr", "-o", "b.json"], d)
    (d / name).write_text("Il a vu le chat.\n")
    r3 = run(m, ["scan", name, "-t", "fr", "--baseline", "b.json"], d)
    r4 = run(m, ["rule", "\x1b[31mnope"], d)
    r5 = run(m, ["scan", "\x1b[2Jmissing.po"], d)
    return first(no_traceback(r1), no_escapes(r1), no_traceback(r2), no_escapes(r2), no_traceback(r3),
                 no_escapes(r3), no_escapes(r4), bad_input(r4), no_escapes(r5), bad_input(r5))


FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github")


def valid_output(fmt: str, blob: bytes) -> str | None:
    why = utf8(blob)
    if why:
        return f"{fmt}: {why}"
    try:
        if fmt in ("json", "sarif"):
            json.loads(blob)
        elif fmt == "jsonl":
            for line in blob.splitlines():
                json.loads(line)
        elif fmt == "junit":
            ET.fromstring(blob)
    except (ValueError, ET.ParseError) as exc:
        return f"{fmt}: invalid output: {exc}"
    return None


def case_surrogates(d: Path, m: list[str]) -> str | None:
    (d / "s.json").write_text('{"target_lang": "fr", "a\\udcff": "Il a vu le le \\ud800 chat \\udfff.", '
                              '"b": "\\ud83d le le"}')
    for fmt in FORMATS:
        r = run(m, ["scan", "s.json", "-f", fmt], d)
        why = no_traceback(r) or valid_output(fmt, r.out)
        if why:
            return f"{fmt}: {why}"
    return None


def case_filename_ff(d: Path, m: list[str]) -> str | None:
    name = os.fsdecode(b"ff\xff.po")
    (d / name).write_text(PO)
    for fmt in FORMATS:
        r = run(m, ["scan", ".", "-f", fmt], d)
        why = no_traceback(r) or valid_output(fmt, r.out) or (no_escapes(r) if fmt == "text" else None)
        if why:
            return f"{fmt}: {why}"
    return None


def case_nested_tags(d: Path, m: list[str]) -> str | None:
    n = 5000
    (d / "n.xlf").write_text('<xliff version="1.2"><file source-language="en" target-language="fr"><body>'
                             '<trans-unit id="1"><source>a</source><target>' + '<g id="1">' * n + "x"
                             + "</g>" * n + "</target></trans-unit></body></file></xliff>")
    r = run(m, ["scan", "n.xlf"], d)
    return no_traceback(r) or (bad_input(r) if r.rc == 2 else None)


def case_xliff_reread(d: Path, m: list[str]) -> str | None:
    """A malformed XLIFF is read again with raw '<' in attribute values escaped (main's Angular repair):
    unclosed comments, instructions and tags by the hundred thousand must not make that pass quadratic."""
    head = '<xliff version="1.2"><file source-language="en" target-language="fr"><body>'
    for name, body in (("c", "<!--" * 250_000), ("p", "<?" * 250_000), ("t", '<a c="1"' + ' c="1"' * 150_000)):
        (d / f"{name}.xlf").write_text(head + body)
        r = run(m, ["scan", f"{name}.xlf"], d, timeout=120)
        why = bad_input(r) or (None if r.seconds < 20 else f"{r.seconds:.0f}s")
        if why:
            return f"{name}.xlf: {why}"
    return None


def case_cp_hex(d: Path, m: list[str]) -> str | None:
    body = 'b <cp hex="FFFFFFFFFFFFFFFFFFFF"/> <cp hex="D800"/> <cp hex="-1"/> 1'
    (d / "c.xlf").write_text('<xliff version="1.2"><file source-language="en" target-language="fr"><body>'
                             f'<trans-unit id="1"><source>a 1</source><target>{body}</target></trans-unit>'
                             "</body></file></xliff>")
    (d / "c2.xlf").write_text(f'<xliff version="2.0" srcLang="en" trgLang="fr"><file id="f"><unit id="1"><segment>'
                              f"<source>a 1</source><target>{body}</target></segment></unit></file></xliff>")
    rs = [run(m, ["scan", f, "-f", fmt], d) for f in ("c.xlf", "c2.xlf") for fmt in ("text", "json")]
    return first(*(no_traceback(r) for r in rs))


def case_huge_numbers(d: Path, m: list[str]) -> str | None:
    rows = ["1" * 400 + " chats\t" + "1" * 400 + " chats", "1" * 5000 + " cats\t" + "2" * 5000 + " chats",
            "There are 1 000 millions\tIl y a " + "1 " * 3000 + "000 millions",
            "x\tIl y a " + "9" * 6000 + " 000 millions de dollars", "1.5 km\t" + "9" * 500 + ",5 km"]
    (d / "n.tsv").write_text("\n".join(rows) + "\n")
    r = run(m, ["scan", "n.tsv", "-s", "en", "-t", "fr"], d)
    r2 = run(m, ["scan", "n.tsv", "-s", "es", "-t", "fr"], d)
    return first(no_traceback(r), no_traceback(r2))


def case_config_shapes(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    bad = ["tool = 5\n", '[tool]\nmtqa = "x"\n', "min_quality = nan\n", "min_quality = inf\n",
           "comet_threshold = nan\n", 'severity = {"NOPE" = "major"}\n', "mqm_penalties = {minor = nan}\n",
           "mqm_penalties = {bogus = 1}\n", "mqm_weights = {x = -inf}\n", 'packs = "."\n', "select = 5\n",
           "jobs = -1\n", '[tool.mtqa]\nmin_quality = nan\n', "ignore = [5]\n"]
    for text in bad:
        (d / "mtqa.toml").write_text(text)
        why = bad_input(run(m, ["scan", "x.po"], d), "mtqa.toml")
        if why:
            return f"{text.strip()!r}: {why}"
    (d / "mtqa.toml").unlink()
    for text in ("tool = 5\n", '[tool]\nmtqa = "x"\n', "[tool.mtqa]\nmin_quality = nan\n"):
        (d / "pyproject.toml").write_text(text)
        why = bad_input(run(m, ["scan", "x.po"], d), "pyproject.toml")
        if why:
            return f"pyproject {text.strip()!r}: {why}"
    (d / "pyproject.toml").unlink()
    return bad_input(run(m, ["scan", "x.po", "--min-quality", "nan"], d))


def case_pack_validation(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    head = ('[pack]\ntarget = "fr"\n[[entry]]\nid = "a"\ncheck = "calque"\nmessage = "m"\n'
            'bad = ["le le monde"]\ngood = ["x"]\n')
    packs = {
        "missing file": None,
        "suggestion = 5": head + 'type = "swap"\npattern = "le"\nsuggestion = 5\n',
        "group with no match": head.replace('["le le monde"]', '["zz"]') + 'type = "swap"\npattern = "le"\n'
                                                                          'suggestion = "\\\\3"\n',
        "message = 5": head.replace('message = "m"', "message = 5") + 'type = "phrase"\npattern = "le"\n',
        "name = 5": '[pack]\ntarget = "fr"\nname = 5\n',
        "bad text = 5": head.replace('bad = ["le le monde"]', "bad = [{text = 5}]") + 'type = "phrase"\n'
                                                                                      'pattern = "le"\n',
        "into = 5": '[pack]\ntarget = "fr"\n[[entry]]\nid = "a"\ncheck = "number-calque"\nmessage = "m"\n'
                    'bad = ["1 000 millions"]\ngood = ["x"]\ntype = "scale-words"\nscale = "millions"\n'
                    "factor = 1000\ninto = 5\nthousands = 5\n",
        "scale = 5": '[pack]\ntarget = "fr"\n[[entry]]\nid = "a"\ncheck = "number-calque"\nmessage = "m"\n'
                     'bad = ["1 000 millions"]\ngood = ["x"]\ntype = "scale-words"\nscale = 5\nfactor = 1000\n'
                     'into = "m"\n',
        "when_source = 5": head + 'type = "phrase"\npattern = "le"\nwhen_source = 5\n',
    }
    for what, text in packs.items():
        if text is not None:
            (d / "p.toml").write_text(text)
        elif (d / "p.toml").exists():
            (d / "p.toml").unlink()
        (d / "mtqa.toml").write_text('packs = ["p.toml"]\n')
        why = bad_input(run(m, ["scan", "x.po", "-s", "en"], d), "p.toml")
        if why:
            return f"{what}: {why}"
    return None


def case_pattern_timeout(d: Path, m: list[str]) -> str | None:
    (d / "p.toml").write_text('[pack]\nname = "mine"\ntarget = "fr"\n[[entry]]\nid = "slow"\ncheck = "calque"\n'
                              'message = "m"\ntype = "phrase"\npattern = "(a|aa)+$"\nprecision = "high"\n'
                              'bad = ["a"]\ngood = ["b"]\n')
    (d / "mtqa.toml").write_text('packs = ["p.toml"]\n')
    (d / "x.tsv").write_text("".join(f"x\t{'a' * 60}b {i}\n" for i in range(8)))
    r = run(m, ["scan", "x.tsv", "-t", "fr", "-s", "en"], d)
    text = (r.out + r.err).decode("utf-8", "replace")
    why = no_traceback(r)
    if why:
        return why
    mentions = text.count("mine/slow")
    if mentions != 1:
        return f"the timed-out pattern mine/slow is mentioned {mentions} time(s), expected once"
    return None


def case_baseline_malformed(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    entry = {"fingerprint": "a", "path": "x.po", "check": "c", "code": "c", "unit": None, "text": "t", "line": 1,
             "message": "m"}
    bad = [{"mtqa_baseline": 1, "findings": 5}, {"mtqa_baseline": 1}, {"mtqa_baseline": 1, "findings": [5]},
           {"mtqa_baseline": 1, "findings": [{**entry, "path": [], "fingerprint": 5}]},
           {"mtqa_baseline": 1, "findings": [{**entry, "line": "x"}]}, {"mtqa_baseline": True, "findings": []},
           {"mtqa_baseline": 1, "findings": [{**entry, "extra": 1}]}, [1]]
    for data in bad:
        (d / "b.json").write_text(json.dumps(data))
        why = bad_input(run(m, ["scan", "x.po", "--baseline", "b.json"], d), "b.json")
        if why:
            return f"{json.dumps(data)[:60]}: {why}"
    (d / "b.json").write_bytes(b"\xff\xfe{")
    return bad_input(run(m, ["scan", "x.po", "--baseline", "b.json"], d), "b.json")


def case_glossary_cell(d: Path, m: list[str]) -> str | None:
    (d / "x.po").write_text(PO)
    (d / "g.csv").write_text("source,target\nhello," + "x" * 140_000 + "\n")
    return bad_input(run(m, ["scan", "x.po", "-s", "en", "--glossary", "g.csv"], d), "g.csv")


def _timed(d: Path, m: list[str], name: str, content: str, args: list[str], seconds: float, mb: float) -> str | None:
    (d / name).write_text(content)
    r = run(m, ["scan", name, *args], d, timeout=seconds * 4)
    why = no_traceback(r)
    if why:
        return why
    if r.seconds > seconds:
        return f"{r.seconds:.0f}s > {seconds:.0f}s"
    if r.peak_mb > mb:
        return f"peak {r.peak_mb:.0f} MB > {mb:.0f} MB"
    return None


def case_long_word(d: Path, m: list[str]) -> str | None:
    return _timed(d, m, "w.txt", "Il a vu " + "a" * 400_000 + " ici.\n", ["-t", "fr"], 20, 600)


def case_long_word_in_a_unit(d: Path, m: list[str]) -> str | None:
    return _timed(d, m, "w.tsv", "He saw it.\tIl a vu " + "a" * 400_000 + " ici.\n", ["-s", "en", "-t", "fr"], 20, 600)


def case_dash_run(d: Path, m: list[str]) -> str | None:
    s = "a-" * 120_000
    return _timed(d, m, "a.tsv", f"{s}\t{s}\n", ["-s", "en", "-t", "fr"], 20, 600)


def case_long_line(d: Path, m: list[str]) -> str | None:
    return _timed(d, m, "l.txt", "Bonjour à tous, " * 200_000, ["-t", "fr"], 60, 600)


def case_html_dense(d: Path, m: list[str]) -> str | None:
    (d / "h.txt").write_text("le le. " * 85_000)
    r = run(m, ["scan", "h.txt", "-t", "fr", "-f", "html", "-o", "r.html"], d, timeout=120)
    return no_traceback(r) or (None if r.seconds < 30 else f"{r.seconds:.0f}s")


def case_dense_5mb(d: Path, m: list[str]) -> str | None:
    (d / "le.txt").write_text("le le. " * 750_000)
    r = run(m, ["scan", "le.txt", "-t", "fr", "--exit-zero"], d, timeout=240)
    why = no_traceback(r)
    if why:
        return why
    if r.seconds > 90:
        return f"{r.seconds:.0f}s"
    if r.peak_mb > 500:
        return f"peak {r.peak_mb:.0f} MB"
    if r.first_byte is None or r.first_byte > r.seconds / 2:
        return f"nothing written before {r.first_byte or r.seconds:.0f}s of {r.seconds:.0f}s"
    return None


def case_dense_5mb_json(d: Path, m: list[str]) -> str | None:
    (d / "le.txt").write_text("le le. " * 750_000)
    for fmt in ("json", "sarif", "junit"):
        r = run(m, ["scan", "le.txt", "-t", "fr", "--exit-zero", "-f", fmt, "-o", f"r.{fmt}"], d, timeout=240)
        why = no_traceback(r)
        if why:
            return f"{fmt}: {why}"
        if r.peak_mb > 500:
            return f"{fmt}: peak {r.peak_mb:.0f} MB"
    return None


def case_glob_symlink_loop(d: Path, m: list[str]) -> str | None:
    (d / "t" / "a" / "b").mkdir(parents=True)
    (d / "t" / "a" / "x.po").write_text(PO)
    os.symlink("..", d / "t" / "a" / "up")
    os.symlink("../..", d / "t" / "a" / "b" / "up2")
    os.symlink("/", d / "t" / "root")
    outputs = []
    for target in ("t/**/*.po", "t", "t/**"):
        r = run(m, ["scan", target, "-f", "jsonl"], d, timeout=30)
        why = no_traceback(r)
        if why:
            return f"{target}: {why}"
        outputs.append(r)
    paths = {json.loads(line)["path"] for r in outputs for line in r.out.splitlines()}
    counts = [r.out.count(b'"FL001"') for r in outputs]
    return None if counts == [1, 1, 1] else f"x.po scanned {counts} times via {sorted(paths)[:4]}"


def case_fifo_in_folder(d: Path, m: list[str]) -> str | None:
    (d / "f").mkdir()
    (d / "f" / "x.po").write_text(PO)
    fifo(d / "f" / "pipe.po")
    fifo(d / "f" / "pipe.txt")
    r = run(m, ["scan", "f"], d, timeout=30)
    r2 = run(m, ["scan", "f/*.po"], d, timeout=30)
    return first(no_traceback(r), no_traceback(r2))


def case_dev_zero(d: Path, m: list[str]) -> str | None:
    out = []
    for fmt in ("json", "csv", "po", "bitext", "plain", "xliff"):
        r = run(m, ["scan", "/dev/zero", "--input-format", fmt, "-t", "fr"], d, timeout=30)
        why = bad_input(r)
        if why:
            return f"{fmt}: {why}"
        if r.peak_mb > 400:
            return f"{fmt}: peak {r.peak_mb:.0f} MB"
        out.append(r)
    return None


def case_jobs_cap(d: Path, m: list[str]) -> str | None:
    (d / "big.tsv").write_text("".join(f"Hello {i}\tBonjour {i} le le\n" for i in range(6000)))
    peak = [0]

    def watch(proc: subprocess.Popen) -> None:
        import threading

        def count() -> None:  # reads /proc only: the main thread alone reaps the process (wait4)
            while True:
                try:
                    if Path(f"/proc/{proc.pid}/stat").read_text().split(") ")[1].startswith("Z"):
                        return
                    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
                except (OSError, IndexError):
                    return
                peak[0] = max(peak[0], len(children))
                time.sleep(0.05)
        threading.Thread(target=count, daemon=True).start()

    r = run(m, ["scan", "big.tsv", "-s", "en", "-t", "fr", "--jobs", "64", "-f", "jsonl"], d, timeout=120,
            on_start=watch)
    cores = len(os.sched_getaffinity(0))
    why = no_traceback(r)
    # + 1: the resource tracker that multiprocessing starts beside the workers
    return why or (None if peak[0] <= cores + 1 else f"{peak[0]} child processes on {cores} cores")


def case_unreadable_subfolder(d: Path, m: list[str]) -> str | None:
    if IS_ROOT:
        return "SKIP: running as root (permissions do not apply)"
    (d / "u" / "sub").mkdir(parents=True)
    (d / "u" / "x.po").write_text(PO)
    (d / "u" / "sub" / "y.po").write_text(PO)
    os.chmod(d / "u" / "sub", 0)
    try:
        r = run(m, ["scan", "u"], d)
    finally:
        os.chmod(d / "u" / "sub", 0o755)
    text = r.err.decode("utf-8", "replace")
    return no_traceback(r) or (None if "sub" in text else "the unreadable folder u/sub is not reported")


def case_suppression_edges(d: Path, m: list[str]) -> str | None:
    (d / "a.txt").write_text("<!-- mtqa: ignore[] -->\nIl a vu le le chat.\n")
    r1 = run(m, ["scan", "a.txt", "-t", "fr", "-f", "jsonl"], d)
    if b'"FL001"' not in r1.out:
        return "ignore[] suppressed every check"
    (d / "b.txt").write_text("<!-- mtqa: ignore[FL001] -->\nIl a vu un chat.\n")
    r2 = run(m, ["scan", "b.txt", "-t", "fr", "--ignore", "SUP001", "-f", "jsonl"], d)
    why = no_traceback(r2) or (None if r2.rc == 0 else f"--ignore SUP001 refused: {r2.err[:80]!r}")
    return why or (None if b"SUP001" not in r2.out else "--ignore SUP001 still reports SUP001")


def case_signals(d: Path, m: list[str]) -> str | None:
    (d / "big.txt").write_text("Il a vu le le chat. " * 60_000)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        def kill_soon(proc: subprocess.Popen, sig: int = sig) -> None:
            import threading

            def later() -> None:
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline and not list(d.glob(".r.txt.*")):
                    time.sleep(0.05)
                time.sleep(0.3)
                os.killpg(proc.pid, sig)  # the whole group, as a CI runner does
            threading.Thread(target=later, daemon=True).start()

        r = run(m, ["scan", "big.txt", "-t", "fr", "-o", "r.txt", "--jobs", "2"], d, timeout=60, on_start=kill_soon)
        if r.rc is None:
            return f"{sig.name}: did not stop"
        if b"Traceback" in r.err:
            return f"{sig.name}: traceback on stderr"
        left = [p.name for p in d.iterdir() if p.name.startswith(".r.txt")]
        if left:
            return f"{sig.name}: temp file left: {left}"
        if r.rc in (0, 1):
            return f"{sig.name}: exit {r.rc} after a signal"
    return None


CASES = [
    Case("o-onto-input", case_o_onto_input),
    Case("o-onto-input-by-identity", case_o_onto_input_identity),
    Case("baseline-o-onto-input", case_baseline_o_onto_input),
    Case("o-symlink-to-file", case_o_symlink_to_file),
    Case("o-symlink-to-devnull", case_o_symlink_to_devnull),
    Case("o-device-node", case_o_device),
    Case("o-full-disk", case_o_full_disk),
    Case("o-missing-or-bad-folder", case_o_bad_folder),
    Case("report-permissions", case_report_permissions),
    Case("lang-code-json-traversal", case_lang_json),
    Case("lang-code-xliff-traversal", case_lang_xliff),
    Case("lang-code-po-traversal", case_lang_po),
    Case("lang-code-300-chars", case_lang_long),
    Case("po-content-is-a-path", case_po_content_is_path),
    Case("terminal-escapes", case_terminal_escapes),
    Case("lone-surrogates-every-format", case_surrogates),
    Case("file-name-byte-ff", case_filename_ff),
    Case("nested-inline-tags", case_nested_tags),
    Case("xliff-reread-unclosed-markup", case_xliff_reread),
    Case("cp-hex-overflow", case_cp_hex),
    Case("huge-numbers", case_huge_numbers),
    Case("config-shapes-and-nan", case_config_shapes),
    Case("pack-validation", case_pack_validation),
    Case("user-pattern-timeout", case_pattern_timeout),
    Case("baseline-malformed", case_baseline_malformed),
    Case("glossary-cell-over-128k", case_glossary_cell),
    Case("a-dash-240k-with-source", case_dash_run, slow=True),
    Case("one-long-line", case_long_line, slow=True),
    Case("dense-5mb-text", case_dense_5mb, slow=True),
    Case("dense-5mb-json-sarif-junit", case_dense_5mb_json, slow=True),
    Case("glob-symlink-loop", case_glob_symlink_loop),
    Case("fifo-in-folder", case_fifo_in_folder),
    Case("dev-zero-every-reader", case_dev_zero),
    Case("jobs-capped", case_jobs_cap),
    Case("unreadable-subfolder", case_unreadable_subfolder),
    Case("suppression-edges", case_suppression_edges),
    Case("sigterm-sighup-cleanup", case_signals),
    Case("one-400k-letter-word-plain", case_long_word, slow=True),
    Case("glued-words-400k-word-in-a-unit", case_long_word_in_a_unit, slow=True),
    Case("html-dense-findings", case_html_dense, slow=True),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mtqa", nargs="?", help="mtqa executable (default: python -m mtqa of this checkout)")
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--quick", action="store_true", help="skip the slow (multi-MB) cases")
    args = parser.parse_args()
    if args.mtqa:
        mtqa = [args.mtqa]
    else:
        os.environ["PYTHONPATH"] = str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")
        mtqa = [sys.executable, "-m", "mtqa"]
    os.environ.pop("MTQA_DEBUG", None)
    held = failed = skipped = 0
    for case in CASES:
        if args.k not in case.name or (args.quick and case.slow):
            continue
        # Letters and digits only: the language-code cases write this path into a language code.
        tmp = Path(tempfile.gettempdir()) / f"mtqahostile{os.getpid()}{case.name.replace('-', '')}"
        tmp.mkdir()
        start = time.monotonic()
        try:
            why = case.run(tmp, mtqa)
        except Exception as exc:  # a broken case is a failed case, not a broken battery
            why = f"battery error: {type(exc).__name__}: {exc}"
        finally:
            for folder in [tmp, *(p for p in tmp.rglob("*") if p.is_dir() and not p.is_symlink())]:
                os.chmod(folder, 0o755)
            shutil.rmtree(tmp, ignore_errors=True)
        seconds = time.monotonic() - start
        verdict = "SKIP" if why and why.startswith("SKIP") else "PASS" if why is None else "FAIL"
        tag = f" (later: {case.later})" if case.later else ""
        print(f"{verdict:4}  {case.name:32} {seconds:6.1f}s  {why or ''}{tag}", flush=True)
        if case.later:
            continue
        held += verdict == "PASS"
        failed += verdict == "FAIL"
        skipped += verdict == "SKIP"
    print(f"held {held}, failed {failed}, skipped {skipped} (cases marked later not counted)")


if __name__ == "__main__":
    main()
