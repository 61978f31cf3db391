"""Meaning-level grammar checks: finite verbs left without a subject, and past participles left without
their auxiliary."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from mtqa.checks.bare_participle import FR_KEYS, bare_participles
from mtqa.checks.base import Check, Example, UnitContext
from mtqa.checks.grammar_words import grammar_words
from mtqa.meaning.analysis import get_analyzer, normalize_apostrophes, unavailable_reason
from mtqa.meaning.people import tokenize
from mtqa.model import Hit, Severity
from mtqa.util.datafiles import base_language, builtin_data, check_keys


@functools.lru_cache(maxsize=1)
def _language_sets() -> tuple[frozenset[str], frozenset[str]]:
    data = builtin_data("grammar", "languages") or {}
    check_keys(data, allowed=("pro_drop", "subject_required"), required=("pro_drop", "subject_required"),
               path="packs/grammar/languages.toml")
    return frozenset(data["pro_drop"]), frozenset(data["subject_required"])


def is_pro_drop(lang: str | None) -> bool:
    return base_language(lang) in _language_sets()[0]


_FR_KEYS = FR_KEYS
_EN_KEYS = ("initial_finite", "subject_words", "inversion_verbs", "determiners", "noun_missing_after",
            "pronoun_subjects", "adverbial_openers", "finite_after_comma")


def _pro_drop_severity(ctx: UnitContext) -> Severity | None:
    return Severity.MAJOR if is_pro_drop(ctx.source_lang) else None


_FR_TIME_THEN_VERB = regex.compile(
    r"(?<![\p{L}])(?P<time>(?:il y a|voilà|voici) (?:des|quelques|plusieurs|deux|trois|\d+) (?P<noun>\p{L}+))"
    r" (?P<verb>(?:a|avait|ont|avaient|est|était|sont|étaient) \p{Ll}+(?:é|i|is|it|u|us|ert|int)s?)(?![\p{L}])",
    regex.IGNORECASE,
)


class MissingAuxiliary(Check):
    """A past participle used as the main verb with no auxiliary ("le ministre expliqué que").

    Flags: in French, a sentence whose main verb is a bare past participle opening a complement
    (que, comment, si...), with no "a"/"est" before it. Needs the `nlp` extra (spaCy), which runs only
    on the few sentences whose words make such a participle possible.
    Why: MT from languages with a one-word past tense (Spanish "explicó") sometimes emits the
    participle alone; the sentence then has no finite verb.
    Example: "Dans les médias, le propriétaire de Twitter expliqué qu'il y avait un conflit." flags
    "expliqué".
    Instead: add the auxiliary (and the subject if missing): "le propriétaire de Twitter a expliqué".
    """

    code = "GR003"
    name = "missing-auxiliary"
    category = "fluency/grammar"
    severity = Severity.MINOR
    languages = frozenset({"fr"})
    requires = ("nlp",)
    examples = (
        Example("Dans les médias, le propriétaire de Twitter expliqué qu'il y avait un conflit d'intérêts.", True,
                span="expliqué"),
        Example("Dans les médias, le propriétaire de Twitter a expliqué qu'il y avait un conflit d'intérêts.",
                False),
        Example("Publié le 3 mars, le rapport explique que la situation s'améliore.", False),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        for tok, has_subject in bare_participles(ctx):
            what = "no auxiliary" if has_subject else "no subject and no auxiliary"
            yield Hit(tok.start, tok.end, f"the past participle '{tok.text}' is the main verb with {what}",
                      suggestion=f"a {tok.text}", confidence=0.7, severity=_pro_drop_severity(ctx))


_AFTER_FIRST_COMMA = regex.compile(r"^[^,;:\"“”()]*, (\p{Ll}+) \p{Ll}")
_FIRST_WORD = regex.compile(r"[^\p{L}\p{N}]*([\p{L}]+(?:['’]\p{L}+)?)")


def _en_missing_subject(ctx: UnitContext) -> Iterator[Hit]:
    data = grammar_words("en", _EN_KEYS)
    for seg in ctx.sentences:
        if seg.text.rstrip("\"'”’)» ").endswith("?"):
            continue
        opening = _FIRST_WORD.match(seg.text)
        if opening is None:
            continue
        first_word = opening.group(1).lower()
        if first_word in data["adverbial_openers"]:
            after = _AFTER_FIRST_COMMA.search(seg.text)
            if after and after.group(1).lower() in data["finite_after_comma"]:
                start = seg.start + after.start(1)
                yield Hit(start, start + len(after.group(1)), f"'{after.group(1)}' has no subject after the "
                          "opening phrase", confidence=0.6, severity=_pro_drop_severity(ctx))
            continue
        if first_word not in data["initial_finite"]:
            continue
        toks = [t for t in tokenize(ctx.text, seg.start, seg.end) if t.text[0].isalnum() or t.text[0] == "'"]
        if len(toks) < 4:
            continue
        first, second = toks[0], toks[1]
        blockers = data["subject_words"] if first.key in data["inversion_verbs"] else data["pronoun_subjects"]
        if first.key not in data["initial_finite"] or second.key in blockers:
            continue
        if second.text[0].isdigit():
            continue  # "May 2020 was ..."
        if second.capitalised and first.key in ("will", "may", "can", "mark", "said"):
            continue  # a name: "Will Smith", "May Jones"
        yield Hit(first.start, first.end, f"the sentence opens with the verb '{first.text}' and has no subject",
                  confidence=0.6, severity=_pro_drop_severity(ctx))


def _en_missing_noun(ctx: UnitContext) -> Iterator[Hit]:
    """ "the of hormones": a determiner directly followed by a function word has lost its noun."""
    data = grammar_words("en", _EN_KEYS)
    dets, after = data["determiners"], data["noun_missing_after"]
    # Cheap test first: two neighbouring words that could be such a pair (a superset of the pattern).
    words = [w.strip(_EDGE_PUNCT).lower() for w in ctx.text.split()]
    if not any(a in dets and b in after for a, b in zip(words, words[1:], strict=False)):
        return
    for match in _EN_DET_THEN_WORD.finditer(ctx.text):
        det, nxt = match.group(1), match.group(2)
        if det.lower() in data["determiners"] and nxt.lower() in data["noun_missing_after"]:
            yield Hit(match.start(), match.end(2), f"'{det}' is followed by '{nxt}': the noun is missing",
                      confidence=0.6, severity=_pro_drop_severity(ctx))


_EDGE_PUNCT = "\"'“”‘’«»()[]{}¿¡!?.,;:—–-…*/"
_EN_DET_THEN_WORD = regex.compile(r"(?<![\p{L}'’])(\p{L}+) (?=(\p{Ll}+)(?![\p{L}'’-]))")


def _fr_time_subject(ctx: UnitContext) -> Iterator[Hit]:
    """ "Il y a des jours a réitéré": a time expression, then a finite verb with no subject between."""
    lowered = ctx.text.lower()
    if "il y a" not in lowered and "voil" not in lowered and "voici" not in lowered:
        return  # cheap test first: the pattern needs one of these
    data = grammar_words("fr", _FR_KEYS)
    for match in _FR_TIME_THEN_VERB.finditer(ctx.text):
        if match.group("noun").lower() not in data["time_nouns"]:
            continue
        start, end = match.span("verb")
        yield Hit(start, end, f"'{match.group('verb')}' has no subject: '{match.group('time')}' is a time "
                  "expression", suggestion=f"{match.group('time')}, il {match.group('verb')}", confidence=0.7,
                  severity=_pro_drop_severity(ctx))


_FR_AUX_PARTICIPLE = regex.compile(
    r"(\p{L}+) (\p{Ll}+(?:é|ée|és|ées|i|ie|is|it|u|ue|us|ert|int))(?![\p{L}'’-])"
)


def _fr_opening_subject(ctx: UnitContext) -> Iterator[Hit]:
    """ "A réitéré sa plainte", "Ensuite, a déclaré que": an auxiliary with no subject before it."""
    data = grammar_words("fr", _FR_KEYS)
    for seg in ctx.sentences:
        if seg.text.rstrip("\"'”’)» \u00a0").endswith("?"):
            continue
        text = seg.text.lstrip("«“\"'‘—–- \u00a0")
        offset = seg.start + len(seg.text) - len(text)
        opening = _FIRST_WORD.match(text)
        if opening is None:
            continue
        first = normalize_apostrophes(opening.group(1)).lower()
        pos = 0
        if first in data["adverbial_openers"]:
            comma = text.find(", ")
            if comma < 0 or any(c in text[:comma] for c in ";:«»\"()"):
                continue
            pos = comma + 2
        match = _FR_AUX_PARTICIPLE.match(text, pos)
        if match is None:
            continue
        aux, participle = match.group(1), match.group(2)
        if aux.lower() not in data["finite_auxiliaries"] or participle.lower() in data["not_participles"]:
            continue
        if pos == 0 and not aux[0].isupper():
            continue
        start = offset + match.start()
        yield Hit(start, offset + match.end(), f"'{aux} {participle}' has no subject", confidence=0.65,
                  severity=_pro_drop_severity(ctx))


def _fr_missing_subject(ctx: UnitContext) -> Iterator[Hit]:
    for part, has_subject in bare_participles(ctx):
        if not has_subject:
            yield Hit(part.start, part.end, f"'{part.text}' has no subject (and no auxiliary)",
                      confidence=0.6, severity=_pro_drop_severity(ctx))


class MissingSubject(Check):
    """A finite verb with no subject, in a language that requires one.

    Flags: English sentences that open on a finite verb with no subject after it ("Would also take
    over custody ..."), French verbs whose only "subject" is a time expression ("Il y a des jours a
    réitéré sa plainte") or bare participles with neither subject nor auxiliary (French needs the
    `nlp` extra). Severity rises to major when the source language drops subjects (es, it, zh...).
    Why: MT from pro-drop languages must supply the subject the source leaves implicit; when it
    does not, the reader cannot tell who acts.
    Example: "Il y a des jours a réitéré sa plainte." flags "a réitéré".
    Instead: supply the subject: "Il y a quelques jours, il a réitéré sa plainte."
    """

    code = "GR002"
    name = "missing-subject"
    category = "fluency/grammar"
    severity = Severity.MINOR
    languages = frozenset({"fr", "en"})
    examples = (
        Example("Would also take over custody of the fighters, the statement said.", True, target_lang="en",
                span="Would"),
        Example("Turkey would also take over custody of the fighters, the statement said.", False,
                target_lang="en"),
        Example("Would you like another cup of tea?", False, target_lang="en"),
        Example("According to the forecast, will be cloudy in Beijing for three days.", True, target_lang="en",
                span="will"),
        Example("According to the forecast, it will be cloudy in Beijing for three days.", False, target_lang="en"),
        Example("His research shows that the of hormones can accelerate growth.", True, target_lang="en",
                span="the of"),
        Example("Il y a des jours a réitéré sa plainte sur le changement de philosophie de l'entreprise.", True),
        Example("Il y a quelques jours, il a réitéré sa plainte sur le changement de philosophie.", False),
        Example("Ensuite, a déclaré que le projet était abandonné.", True, span="a déclaré"),
        Example("Ensuite, il a déclaré que le projet était abandonné.", False),
        Example("A nouveau, le ministre a refusé de répondre.", False),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        if ctx.target_base == "en":
            yield from _en_missing_subject(ctx)
            yield from _en_missing_noun(ctx)
        elif ctx.target_base == "fr":
            yield from _fr_time_subject(ctx)
            yield from _fr_opening_subject(ctx)
            if get_analyzer(ctx.services).available(ctx.target_lang):
                yield from _fr_missing_subject(ctx)
            else:
                reason = f"partly: French bare participles need a parser; {unavailable_reason(ctx.target_lang)}"
                ctx.document.skipped.setdefault(self.name, reason)


CHECKS = (MissingSubject, MissingAuxiliary)
