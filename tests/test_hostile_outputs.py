"""Issue 18, outputs: a report never destroys an input, never goes through a link or onto a device, gets
the permissions of the umask, and every failure is one line with exit 2."""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtqa.errors import OutputError
from mtqa.util.io import atomic_write, current_umask, same_file

PO = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      'msgid "Hello world"\nmsgstr "Bonjour le le monde"\n')
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def po(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "x.po"
    path.write_text(PO, encoding="utf-8")
    return path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("command", ["scan", "baseline"])
def test_output_onto_an_input_is_refused_and_the_input_kept(cli, po: Path, command: str) -> None:
    for target in ("x.po", "./x.po", "sub/../x.po"):
        (po.parent / "sub").mkdir(exist_ok=True)
        code, _, err = cli(command, "x.po", "-o", target)
        assert code == 2 and "is an input of this run" in one_error_line(err)
        assert po.read_text(encoding="utf-8") == PO


def test_output_onto_a_hard_link_of_an_input_or_a_file_the_run_reads(cli, po: Path) -> None:
    os.link(po, po.parent / "same.po")
    (po.parent / "g.csv").write_text("source,target\nworld,monde\n", encoding="utf-8")
    code, _, err = cli("scan", "x.po", "-o", "same.po")
    assert code == 2 and "input" in one_error_line(err)
    code, _, err = cli("scan", "x.po", "-s", "en", "--glossary", "g.csv", "-o", "g.csv")
    assert code == 2 and "reads" in one_error_line(err)
    assert (po.parent / "g.csv").read_text(encoding="utf-8") == "source,target\nworld,monde\n"
    (po.parent / "b.json").write_text("{}", encoding="utf-8")
    code, _, err = cli("scan", "x.po", "--baseline", "b.json", "-o", "b.json")
    assert code == 2 and "baseline" in one_error_line(err)
    assert po.read_text(encoding="utf-8") == PO


def test_the_report_met_in_a_folder_walk_is_not_scanned(cli, po: Path) -> None:
    (po.parent / "report.txt").write_text("Il a vu le le chat.\n", encoding="utf-8")
    code, out, err = cli("scan", ".", "-t", "fr", "-o", "report.txt")
    assert code == 0, err
    assert "x.po" in (po.parent / "report.txt").read_text(encoding="utf-8")


def test_links_folders_and_devices_are_refused(cli, po: Path) -> None:
    (po.parent / "other.txt").write_text("precious\n", encoding="utf-8")
    os.symlink("other.txt", po.parent / "link.txt")
    os.symlink("/dev/null", po.parent / "null.json")
    (po.parent / "folder").mkdir()
    for target, why in (("link.txt", "symbolic link"), ("null.json", "symbolic link"), ("folder", "folder"),
                        ("missing/r.txt", "does not exist")):
        code, _, err = cli("scan", "x.po", "-o", target)
        assert code == 2 and why in one_error_line(err), err
    assert os.readlink(po.parent / "link.txt") == "other.txt"
    assert os.readlink(po.parent / "null.json") == "/dev/null"
    assert (po.parent / "other.txt").read_text(encoding="utf-8") == "precious\n"
    if not stat.S_ISCHR(os.stat(os.devnull).st_mode):  # pragma: no cover - a broken machine
        pytest.skip(f"{os.devnull} is not a device here")
    code, _, err = cli("scan", "x.po", "-o", os.devnull)
    assert code == 2 and "device" in one_error_line(err)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_new_reports_follow_the_umask_and_replaced_ones_keep_their_mode(cli, po: Path) -> None:
    old = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert cli("scan", "x.po", "-o", "new.txt")[0] == 0
        assert stat.S_IMODE(os.stat("new.txt").st_mode) == 0o640
        Path("kept.txt").write_text("old", encoding="utf-8")
        os.chmod("kept.txt", 0o604)
        assert cli("scan", "x.po", "-o", "kept.txt")[0] == 0
        assert stat.S_IMODE(os.stat("kept.txt").st_mode) == 0o604
        assert cli("baseline", "x.po", "-o", "b.json")[0] == 0
        assert stat.S_IMODE(os.stat("b.json").st_mode) == 0o640
    finally:
        os.umask(old)
    assert not list(po.parent.glob(".*.tmp"))


def test_a_full_disk_is_one_line_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_write(target) as out:
        out.write("half a report")
        raise KeyboardInterrupt  # an interruption while writing: the old report stays, no temp file
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"] and target.read_text(encoding="utf-8") == "old report"

    class Full:
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    from mtqa.util.io import _Guarded

    with pytest.raises(OutputError, match="no space left"):
        _Guarded(Full(), "r.txt").write("x")  # type: ignore[arg-type]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stdout_on_a_full_disk(po: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "mtqa", "scan", "x.po"], stdout=full, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert proc.returncode == 2 and "no space left" in one_error_line(proc.stderr)


def test_same_file_is_identity_not_name(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("x", encoding="utf-8")
    os.symlink("a", tmp_path / "b")
    assert same_file(tmp_path / "a", tmp_path / "b") and same_file(tmp_path / "a", tmp_path / "." / "a")
    assert not same_file(tmp_path / "a", tmp_path / "missing")


def test_internal_errors_exit_2_with_a_pointer_and_no_traceback(cli, po: Path, monkeypatch) -> None:
    import mtqa.run.runner as runner

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(runner, "read_document", broken)
    code, _, err = cli("scan", "x.po")
    assert code == 2 and "Traceback" not in err
    line = err.strip()
    assert line.startswith("mtqa: internal error: KeyError") and "bug" in line and "--debug" in line
    code, _, err = cli("--debug", "scan", "x.po")
    assert code == 2 and "Traceback" in err and err.strip().splitlines()[-1].startswith("mtqa: internal error")
    monkeypatch.setenv("MTQA_DEBUG", "1")
    assert "Traceback" in cli("scan", "x.po")[2]


def test_error_lines_escape_terminal_controls(cli, po: Path) -> None:
    code, _, err = cli("scan", "\x1b[2Jmissing\n.po")
    assert code == 2 and "\x1b" not in err and "\\x1b[2J" in one_error_line(err)


def _run_until_temp_file(tmp_path: Path, sig: int) -> subprocess.CompletedProcess[str]:
    (tmp_path / "big.txt").write_text("Il a vu le le chat. " * 60_000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mtqa", "scan", "big.txt", "-t", "fr", "-o", "r.txt",
                             "--jobs", "2"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".r.txt.*")) and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, sig)  # the whole process group, as a CI runner stopping a job does
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_a_signal_cleans_up_like_ctrl_c(tmp_path: Path, sig: str) -> None:
    done = _run_until_temp_file(tmp_path, getattr(__import__("signal"), sig))
    assert "Traceback" not in done.stderr and done.returncode not in (0, 1), (done.returncode, done.stderr[-2000:])
    if done.returncode == 2:
        assert done.stderr.strip() == f"mtqa: aborted ({sig})"
    assert not list(tmp_path.glob(".r.txt.*")) and not (tmp_path / "r.txt").exists()


def test_a_signal_whose_raise_was_swallowed_still_stops_the_report(tmp_path: Path) -> None:
    from mtqa.util import interrupts

    target = tmp_path / "r.txt"
    try:
        with pytest.raises(interrupts.Interrupted), atomic_write(target) as out:
            out.write("report")
            # what Python does with an exception raised in a finaliser: prints it and goes on
            with contextlib.suppress(interrupts.Interrupted):
                interrupts.request(15)
    finally:
        interrupts.clear()
    assert not list(tmp_path.iterdir())


def test_a_closed_stdout_is_an_error_not_findings(po: Path) -> None:
    (po.parent / "big.txt").write_text("Il a vu le le chat.\n\n" * 20_000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mtqa", "scan", "big.txt", "-t", "fr"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stdout is not None and proc.stdout.readline() == "big.txt\n"
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read() if proc.stderr else ""
    assert proc.wait(timeout=120) == 2 and one_error_line(err) == \
        "mtqa: error: standard output was closed before the report was complete"


def test_a_signal_raised_in_a_finaliser_is_not_printed_but_raised_again() -> None:
    """Python prints an exception raised in a finaliser ('Exception ignored in: ...' with a traceback);
    an Interrupted there is remembered and raised again by interrupts.check(), so it is not printed."""
    import signal
    import types

    from mtqa.util import interrupts

    seen: list[BaseException] = []
    hook = interrupts.quiet_finalisers(lambda unraisable: seen.append(unraisable.exc_value))
    try:
        with pytest.raises(interrupts.Interrupted):
            interrupts.request(signal.SIGTERM)
        hook(types.SimpleNamespace(exc_value=interrupts.Interrupted(signal.SIGTERM)))
        other = KeyError("x")
        hook(types.SimpleNamespace(exc_value=other))
        assert seen == [other]
        with pytest.raises(interrupts.Interrupted):
            interrupts.check()
    finally:
        interrupts.clear()
