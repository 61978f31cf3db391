"""Language-identification backends, masking and word evidence."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from mtqa.errors import MissingDependencyError, UsageError
from mtqa.langid import masking
from mtqa.langid.detector import BACKENDS, Detection, make_detector
from mtqa.langid.masking import blank, mask
from mtqa.langid.word_evidence import lean, zipf

SPANISH = "Los motivos expuestos en esa carta son razonables y merecen una respuesta seria."
FRENCH = "Les raisons exposées dans cette lettre sont raisonnables et méritent une réponse sérieuse."
PORTUGUESE = "As razões apresentadas nessa carta são razoáveis e merecem uma resposta séria."

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

AVAILABLE = [name for name in BACKENDS if name != "lingua"]
try:  # lingua is an optional extra
    import lingua  # noqa: F401

    AVAILABLE.append("lingua")
except ImportError:
    pass


@pytest.fixture(scope="module", params=AVAILABLE)
def detector(request: pytest.FixtureRequest):
    return make_detector(request.param)


def test_detects_the_language(detector) -> None:
    assert detector.detect(SPANISH, ("fr", "es")).lang == "es"
    assert detector.detect(FRENCH, ("fr", "es")).lang == "fr"


def test_answers_stay_within_the_candidates(detector) -> None:
    # Portuguese text limited to {fr, es} must come back as one of those two.
    for candidates in (("fr", "es"), ("en", "de")):
        found = detector.detect(PORTUGUESE, candidates)
        assert found is not None and found.lang in candidates
    if detector.name != "lingua":  # lingua's open set loads 35 models: too slow for a unit test
        open_set = detector.detect(PORTUGUESE)
        assert open_set is not None and open_set.lang == "pt"


def test_confidence_is_a_probability(detector) -> None:
    found = detector.detect(SPANISH, ("fr", "es"))
    assert isinstance(found, Detection) and 0.5 <= found.confidence <= 1.0


def test_deterministic_within_and_across_processes(detector) -> None:
    texts = ["la casa de", "bien los riesgos", "das ist gut", "ok", SPANISH]
    first = [detector.detect(t, ("fr", "es")) for t in texts]
    again = [make_detector(detector.name).detect(t, ("fr", "es")) for t in texts]
    assert first == again
    code = (
        f"from mtqa.langid.detector import make_detector; d = make_detector({detector.name!r}); "
        f"print([d.detect(t, ('fr', 'es')) for t in {texts!r}])"
    )
    other_process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other_process.stdout.strip() == str(first)


def test_empty_text_and_unsupported_candidates(detector) -> None:
    assert detector.detect("   ", ("fr", "es")) is None
    assert detector.detect(SPANISH, ("fr", "xx-unknown")) is None


def test_detector_pickles_after_use(detector) -> None:
    before = detector.detect(SPANISH, ("fr", "es"))
    clone = pickle.loads(pickle.dumps(detector))
    assert clone.detect(SPANISH, ("fr", "es")) == before


def test_unknown_backend_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        make_detector("nope")


def test_missing_optional_backend_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lingua", None)
    with pytest.raises(MissingDependencyError, match=r"mtqa\[lingua\]"):
        make_detector("lingua").detect(SPANISH, ("fr", "es"))


def _masked(text: str, lang: str, **kwargs) -> str:
    return blank(text, mask(text, lang, **kwargs))


def test_masking_keeps_offsets_and_hides_names_and_codes() -> None:
    text = "Image: Tech Crunch, Steve Juvertson. Voir https://ex.com/a, {0}, %s et a@b.fr en 2015 avec OpenAI."
    masked = _masked(text, "fr")
    assert len(masked) == len(text)
    for hidden in ("Tech Crunch", "Steve Juvertson", "https://ex.com/a", "{0}", "%s", "a@b.fr", "2015", "OpenAI"):
        assert hidden not in masked
    assert masked.startswith("Image:") and "Voir" in masked and " et " in masked


def test_masking_protected_terms_and_loanwords() -> None:
    text = "Selon eux, le Open Source et les startups de Data Studio Pro."
    masked = _masked(text, "fr", protected_terms=["Data Studio Pro"], loanwords=["open source", "startup"])
    assert "Open Source" not in masked and "startups" not in masked and "Data Studio" not in masked
    assert "Selon eux, le" in masked and "les" in masked


def test_german_nouns_are_not_taken_for_names() -> None:
    masked = _masked("Die Regierung hat das Gesetz gestern beschlossen.", "de")
    assert "Gesetz" in masked and "Regierung" in masked


def test_word_evidence_leans() -> None:
    assert zipf("motivos", "es") > 3 and zipf("motivos", "fr") == 0
    assert lean("motivos", "fr", "es") > 3
    assert lean("raisons", "fr", "es") < -3
    assert abs(lean("la", "fr", "es")) < 1


def test_words_listed_only_in_parts_get_the_value_of_their_parts() -> None:
    # wordfreq splits "d'un" and "peut-être" into parts: the whole is common French, not unknown.
    assert zipf("d'un", "fr") > 6 and zipf("d’un", "fr") == zipf("d'un", "fr") and zipf("peut-être", "fr") > 5
    assert zipf("aujourd'hui", "fr") > 5  # listed whole
    assert zipf("peut-être", "fr") <= min(zipf("peut", "fr"), zipf("être", "fr"))  # the rarest part rules
    assert lean("qu'il", "es", "fr") > 2 and zipf("xqzv-plonk", "fr") == 0  # one unknown part: unknown


def test_masking_hides_style_sheets_icu_syntax_and_command_lines() -> None:
    html = '<html><head><style type="text/css">\np, li { white-space: pre-wrap; }\n</style></head><body>à tous</body>'
    assert _masked(html, "fr").split() == ["à", "tous"]
    icu = "{count, plural, one {# ungelesenes Element} other {# ungelesene Elemente}}"
    masked = _masked(icu, "de")
    assert "plural" not in masked and "one" not in masked and "other" not in masked and "count" not in masked
    assert "ungelesenes Element" in masked and "ungelesene Elemente" in masked
    command = 'Por favor use "git replace --convert-graft-file" para convertir. Pruebe --dry-run antes.'
    masked = _masked(command, "es")
    assert "git" not in masked and "replace" not in masked and "dry" not in masked
    assert "Por favor use" in masked and "para convertir" in masked and "Pruebe" in masked
    # The words of a sentence that merely says "select" or "plural" stay.
    assert _masked("Choose one {item} from the plural forms, other {x} too.", "en").count("other") == 1


FAST_PATH_TEXTS = [
    SPANISH, FRENCH, PORTUGUESE,
    "The committee postponed its decision until next week.",
    "Der Ausschuss hat seine Entscheidung auf nächste Woche verschoben.",
    "Комитет отложил решение до следующей недели.",
    "委员会将决定推迟到下周。",
    "RAPPORT ANNUEL DU COMITÉ",  # all capitals: lowered first, as py3langid does
    "ok", "Srbija i Хрватска", "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa " * 30,
]


def test_the_pure_python_and_numpy_sums_answer_bit_for_bit_the_same(monkeypatch) -> None:
    """A process classifies in pure Python first, then with numpy: the answer must not depend on which."""
    from mtqa.langid import naive_bayes
    from mtqa.langid.inference import _candidates
    from mtqa.langid.model_cache import load_py3langid

    model = load_py3langid()

    def fresh() -> naive_bayes.NaiveBayesLangid:
        return naive_bayes.NaiveBayesLangid(model.nextmove, model.rowbase, model.output, model.all_labels,
                                            model.ptc, model.pc)

    monkeypatch.setattr(naive_bayes, "PYTHON_PRODUCTS", 10**12)
    in_python, with_numpy = fresh(), fresh()
    with_numpy._products = 10**13  # over the budget from the start
    texts = [*FAST_PATH_TEXTS, "Le comité a reporté sa décision, pero nadie sabe por qué.", "x"]
    open_set = _candidates(make_detector("py3langid"), "fr")
    for candidates in (None, ("en", "fr"), ("es", "fr", "it"), ("de", "en", "fr", "it", "nl", "pt", "sv", "no"),
                       open_set):
        for text in texts:
            assert in_python.classify(text, candidates) == with_numpy.classify(text, candidates), (text, candidates)
    assert in_python._np is None and with_numpy._np is not None
    assert in_python._products > 0


@pytest.mark.parametrize("candidates", [None, ("fr", "es"), ("en", "de", "nb", "sr")])
def test_fast_inference_equals_py3langid(candidates) -> None:
    py3langid = pytest.importorskip("py3langid.langid")
    from mtqa.langid.naive_bayes import NaiveBayesLangid

    reference = py3langid.LanguageIdentifier.from_model_file(py3langid.MODEL_FILE, norm_probs=True)
    fast = NaiveBayesLangid.from_identifier(reference)
    labels = None
    if candidates is not None:
        labels = tuple("no" if c == "nb" else c for c in candidates)
        reference.set_languages(list(labels))
    for text in FAST_PATH_TEXTS:
        expected = reference.classify(text)
        got = fast.classify(text, labels)
        if got is None:  # no feature at all: py3langid answers a uniform distribution
            assert expected[1] <= 2 / len(reference.nb_classes) + 1e-6, text  # aliased columns fold in pairs
            continue
        assert got[0] == expected[0], text
        assert got[1] == pytest.approx(expected[1], abs=1e-5), text
    assert fast.classify("", labels) is None


def test_inference_classifies_no_piece_of_plainly_target_language_text() -> None:
    """The quick test of inference: sentences of common target-language words are never classified (the
    classifier, and numpy, are then never loaded for them); a sentence of another language is."""
    from mtqa.langid.code_switch import SpanFinder
    from mtqa.langid.detector import Detector

    class Counting(Detector):
        name = "counting"

        def __init__(self) -> None:
            self.calls = 0
            self.inner = make_detector("py3langid")

        def supports(self, lang: str) -> bool:
            return self.inner.supports(lang)

        def _detect(self, text: str, candidates: tuple[str, ...] | None) -> Detection | None:
            self.calls += 1
            return self.inner.detect(text, candidates)

    detector = Counting()
    finder = SpanFinder(detector)
    french = "Le chat dort sur la table de la cuisine. Les enfants jouent dans le jardin avec leurs amis."
    assert finder.infer(french, "fr") == () and detector.calls == 0
    spanish = "Los niños juegan en el jardín con sus amigos todos los días después de la escuela."
    assert "es" in finder.infer(f"{french} {spanish}", "fr") and detector.calls > 0


def test_loanword_matches_found_from_the_first_word_equal_a_full_scan() -> None:
    import random

    from mtqa.checks.language import load_loanwords
    from mtqa.langid.masking import _term_matches, _term_pattern

    rng = random.Random(7)
    terms = [t for lang in ("fr", "de", "es") for t in load_loanwords().get(lang, ())][:200]
    assert terms
    fillers = ["le", "la", "Les", " ", "  ", ", ", "-", "s", "es", "x", "İstanbul", "É", "\n"]
    for _ in range(300):
        pieces = rng.choices(terms, k=3) + rng.choices(fillers, k=6)
        rng.shuffle(pieces)
        text = " ".join(p.upper() if rng.random() < 0.2 else p for p in pieces)
        for term in terms:
            pattern = _term_pattern((term,), True)
            assert pattern is not None
            fast = [m.span() for m in _term_matches(pattern, term, text, text.lower())]
            assert fast == [m.span() for m in pattern.finditer(text)], (term, text)


def _every_word_candidate(text: str) -> list[tuple[int, int]]:
    """The definition `_name_candidates` must keep: every word run holding a capital or a digit."""
    return [m.span() for m in masking._WORD_RUN.finditer(text) if regex.search(r"[\p{Lu}\p{N}]", m.group())]


def test_name_candidates_are_the_word_runs_with_a_capital_or_a_digit() -> None:
    import random

    texts = [(EXAMPLES / "article_es-fr.txt").read_text(encoding="utf-8"),
             "L'ONU et l’OTAN, GPT4, iPhone 15, 2024 ans, a1b2 1a2b, peut-Être, x_Y, e\u0301Te\u0301, ǅemal Ⅻ ٣ ⅷ"]
    alphabet = list("aZ1_-'’ é\u0301xÉ2.\n\u00a0ßİ") + ["ǅ", "Ⅻ", "٣", "ⅷ"]
    rng = random.Random(0)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(20_000)]
    for text in texts:
        assert [m.span() for m in masking._name_candidates(text)] == _every_word_candidate(text), text
    # Linear where no run holds the digits and letters: "1a1a1a..." has none.
    assert list(masking._name_candidates("1a" * 200_000)) == []
