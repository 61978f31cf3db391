"""A scan of several files checks them in forked worker processes: the report must be the one a sequential
run writes, errors included, whatever the workers do."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.errors import UsageError
from mtqa.readers import plain
from mtqa.run import parallel

pytestmark = pytest.mark.skipif(not parallel._can_fork(), reason="no fork here (or threads running)")

PO = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Save %(count)s files to {folder}"
msgstr "Enregistrer %(count)s fichiers"

msgid "Elon Musk said that she would resign on 12 May."
msgstr "Elon Musk a dit qu'elle démissionnerait le 13 mai."

msgid "Click here to download the latest version."
msgstr "Click here to download the latest version."
"""


@pytest.fixture(autouse=True)
def _small_files_get_workers(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MIN_BYTES_FOR_WORKERS", 10)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "catalogues"
    root.mkdir()
    for i in range(5):
        (root / f"app{i}-fr.po").write_text(PO.replace("12 May", f"{12 + i} May"), encoding="utf-8")
    (root / "broken-fr.po").write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")  # unreadable
    (root / "empty-fr.txt").write_text("", encoding="utf-8")
    (root / "notes-fr.txt").write_text("Il a vu le le chat. Voir la note: the system restarts.\n" * 3,
                                       encoding="utf-8")
    good = ("é" * 100).encode()
    (root / "late-fr.txt").write_bytes(good + b" le le \xff rest")  # fails part-way (small read blocks)
    return root


def _scan(capsys, folder: Path, jobs: str) -> tuple[int, dict, str]:
    with pytest.raises(SystemExit) as info:
        main(["scan", str(folder), "-s", "en", "-f", "json", "--jobs", jobs])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), json.loads(out), err


_PIDS = {"file": ""}


def _recording_worker(index: int):  # type: ignore[no-untyped-def]
    with open(_PIDS["file"], "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    return _real_worker(index)


_real_worker = parallel._check_file_in_worker


def test_files_checked_in_workers_give_the_sequential_report(capsys, folder: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    monkeypatch.setattr(plain, "READ_BYTES", 64)
    sequential = _scan(capsys, folder, "1")
    pids = tmp_path / "pids"
    monkeypatch.setitem(_PIDS, "file", str(pids))
    monkeypatch.setattr(parallel, "_check_file_in_worker", _recording_worker)
    forked = _scan(capsys, folder, "2")
    workers = set(pids.read_text().split())
    assert workers and str(os.getpid()) not in workers, "the files were checked in worker processes"
    assert forked == sequential
    code, report, err = sequential
    assert code == 2 and "broken-fr.po" in err and "late-fr.txt" in err
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["empty-fr.txt"]["empty"] and by_name["broken-fr.po"]["error"]
    assert by_name["late-fr.txt"]["error"] and by_name["app3-fr.po"]["units"] == 3
    checks = {f["check"] for f in report["files"][0]["findings"]}
    assert {"placeholder-mismatch", "number-mismatch", "untranslated"} <= checks


def test_a_file_whose_worker_fails_is_checked_again_here(tmp_path: Path) -> None:
    """An unexpected error in a worker, or a worker that dies, does not change the results or lose a file:
    those files are checked in the main process, which raises what a sequential run raises."""
    parent = os.getpid()
    items = []
    for i in range(6):
        path = tmp_path / f"f{i}.txt"
        path.write_text(f"file {i}", encoding="utf-8")  # 6 bytes each: enough work for workers (> 10)
        items.append((str(path), i))

    def check(item, jobs=None):  # type: ignore[no-untyped-def]
        _path, i = item
        if os.getpid() != parent:
            if i == 1:
                raise UsageError("only in the worker")
            if i == 4:
                os._exit(3)  # the worker dies: the pool is broken
        if i == 2:
            raise UsageError("file 2 is wrong")
        return (i, os.getpid() == parent)

    results = []
    with pytest.raises(UsageError, match="file 2 is wrong"):
        for result in parallel.check_files_parallel(items, check, 2, lambda r: r):
            results.append(result)
    # In order; file 1 rechecked here (file 0 too, if the dead worker broke the pool before it was done).
    assert [i for i, _here in results] == [0, 1] and results[1] == (1, True)

    def check_no_error(item, jobs=None):  # type: ignore[no-untyped-def]
        _path, i = item
        if os.getpid() != parent and i == 4:
            os._exit(3)
        return i

    assert list(parallel.check_files_parallel(items, check_no_error, 2, lambda r: r)) == list(range(6))
    assert threading.active_count() == 1  # the pool's threads are gone


def test_large_files_and_little_work_stay_in_this_process(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MAX_FILE_BYTES_IN_WORKER", 10)
    monkeypatch.setattr(parallel, "MIN_BYTES_FOR_WORKERS", 1)
    parent = os.getpid()
    items = []
    for i, text in enumerate(["short", "much longer than ten bytes", "tiny", "x"]):
        path = tmp_path / f"f{i}.txt"
        path.write_text(text, encoding="utf-8")
        items.append((str(path), i))
    where = list(parallel.check_files_parallel(items, lambda item, jobs=None: os.getpid() == parent, 2,
                                               lambda r: r))
    assert where == [False, True, False, False]  # the large one here
    one = list(parallel.check_files_parallel(items[:2], lambda item, jobs=None: os.getpid() == parent, 2,
                                             lambda r: r))
    assert one == [True, True]  # one small file: no workers
    monkeypatch.setattr(parallel, "MIN_BYTES_FOR_WORKERS", 100)
    little = list(parallel.check_files_parallel(items, lambda item, jobs=None: os.getpid() == parent, 2,
                                                lambda r: r))
    assert little == [True] * 4


def test_workers_take_the_largest_files_first_and_the_report_keeps_the_input_order(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    """No large file is left for the end, one worker busy while the others wait; once half of the window
    of files handed out has been reported, the next files are handed out, again largest first."""
    monkeypatch.setattr(parallel, "MIN_BYTES_FOR_WORKERS", 1)
    monkeypatch.setattr(parallel, "WINDOW_BYTES", 100)
    sizes = [3, 40, 5, 30, 20, 10, 60, 2]
    items = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"f{i}.txt"
        path.write_text("x" * size, encoding="utf-8")
        items.append((str(path), i))
    order = tmp_path / "order"

    def check(item, jobs=None):  # type: ignore[no-untyped-def]
        with open(order, "a", encoding="utf-8") as handle:
            handle.write(f"{item[1]}\n")
        return item[1]

    assert list(parallel.check_files_parallel(items, check, 1, lambda r: r)) == list(range(len(sizes)))
    # One worker: the order it checked the files in. The window first holds files 0-4 (98 bytes), largest
    # first; once files 0-2 are reported (50 bytes left), file 5 joins (60 is too many for file 6); after
    # file 3 (30 left), files 6 and 7, largest first.
    assert [int(i) for i in order.read_text().split()] == [1, 3, 4, 2, 0, 5, 6, 7]
