from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from mtqa.errors import InputError
from mtqa.readers import read_document, reader_for


def units(path: Path, fmt: str | None = None):
    return list(read_document(str(path), fmt).units)


def test_plain_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Bonjour le monde.\nDeux.", encoding="utf-8")
    [unit] = units(path)
    assert unit.target == "Bonjour le monde.\nDeux." and unit.id is None and unit.line == 1


@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                          ("utf-16-be", b"\xfe\xff")])
def test_plain_with_bom_drops_the_bom(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bom + "Élan vital.".encode(encoding))
    [unit] = units(path)
    assert unit.target == "Élan vital."


@pytest.mark.parametrize(
    "content,problem",
    [
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary"),
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
    ],
)
def test_bad_plain_input(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        units(path)
    assert problem in str(info.value) and str(path) in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        units(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        units(tmp_path)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("Texte lu sur l'entrée.".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [unit] = list(read_document("-").units)
    assert unit.target == "Texte lu sur l'entrée."


def test_bitext_tsv(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("source\ttarget\treference\nHola.\tBonjour.\tSalut.\n\nAdiós.\tAu revoir.\n", encoding="utf-8")
    got = units(path)
    assert reader_for(str(path)).name == "bitext"
    assert [(u.id, u.source, u.target, u.reference, u.line, u.column) for u in got] == [
        ("2", "Hola.", "Bonjour.", "Salut.", 2, 7),
        ("4", "Adiós.", "Au revoir.", None, 4, 8),
    ]


def test_bitext_wrong_columns(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("Hola.\tBonjour.\nsolo una columna\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: expected source<TAB>target"):
        units(path)


@pytest.mark.parametrize("header,forms", [
    ('"Plural-Forms: nplurals=1; plural=0;\\n"', ('msgstr[0] "%(counter)s페이지"',)),
    ("", ('msgstr[0] "%(counter)s페이지"',))])
def test_po_single_plural_form_translates_the_plural(tmp_path: Path, header: str, forms: tuple[str, ...]) -> None:
    """Korean and Japanese have one plural form: msgstr[0] serves every count, so its source is msgid_plural."""
    path = tmp_path / "ko.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: ko\\n"\n{header}\n\n#, python-format\nmsgid "1 page"\n'
                    f'msgid_plural "%(counter)s pages"\n' + "\n".join(forms) + "\n", encoding="utf-8")
    [unit] = units(path)
    assert unit.id == "1 page[0]" and unit.source == "%(counter)s pages"


def test_po_first_of_several_plural_forms_translates_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "cs.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: cs\\n"\n"Plural-Forms: nplurals=3; plural=(n==1) ? 0 : '
                    '(n>=2 && n<=4) ? 1 : 2;\\n"\n\nmsgid "One day"\nmsgid_plural "%d days"\nmsgstr[0] "Jeden den"\n'
                    'msgstr[1] "%d dny"\nmsgstr[2] "%d dní"\n', encoding="utf-8")
    assert [u.source for u in units(path)] == ["One day", "%d days", "%d days"]


_ANGULAR = """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="da" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="first"><source>Printer</source><target>Printer</target></trans-unit>
      <trans-unit id="long-init" datatype="html">
        <source>Initializing is taking longer <x id="LINE_BREAK" ctype="lb" equiv-text="<br />"/> than usual.</source>
        <target>Initialisering tager <x id="LINE_BREAK" ctype="lb" equiv-text="<br />"/> længere tid.</target>
      </trans-unit>
      <trans-unit id="last"><source>Cancel <x id="START_TAG_SPAN" equiv-text="<span class='a'>"/></source>
        <target>Annuller <x id="START_TAG_SPAN" equiv-text="<span class='a'>"/></target></trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff_with_raw_angle_brackets_in_attributes_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "messages.da.xlf"
    path.write_text(_ANGULAR, encoding="utf-8")
    document = read_document(str(path))
    assert [u.id for u in document.units] == ["first", "long-init", "last"]
    assert document.notes == ["not well-formed XML: read after escaping 4 raw '<' in attribute values"]


def test_xliff_malformed_otherwise_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "messages.da.xlf"
    path.write_text(_ANGULAR.replace("</body>", "</bdy>"), encoding="utf-8")
    with pytest.raises(InputError, match="malformed XML"):
        list(read_document(str(path)).units)
