"""The pronoun-gender check: pronouns and participles whose gender contradicts the person they refer to."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.checks.grammar import is_pro_drop
from mtqa.meaning.coref import find_conflicts
from mtqa.meaning.people import People, gender_lexicon
from mtqa.meaning.source_gender import (
    agreement_conflicts,
    noun_conflicts,
    source_agrees,
    source_gender,
    target_pronouns,
)
from mtqa.model import Hit, Severity
from mtqa.util import patterns

_GENDER_WORD = {"m": "masculine", "f": "feminine"}


def _pronoun_pattern(words: frozenset[str]) -> regex.Pattern[str]:
    alternatives = "|".join(sorted(map(regex.escape, words), key=patterns.longest_first))
    return patterns.compile(rf"(?<![\p{{L}}])(?:{alternatives})(?![\p{{L}}])", regex.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _prefilter(lang: str) -> regex.Pattern[str] | None:
    lex = gender_lexicon(lang)
    return _pronoun_pattern(frozenset(lex.pronouns)) if lex and lex.pronouns else None


class PronounGender(Check):
    """A pronoun, agreement or person noun whose gender contradicts the person it refers to.

    Flags: within the target, a subject pronoun (il/elle, él/ella, lui/lei, ele/ela, he/she/his/her)
    or a participle after "<name> est/s'est" whose gender contradicts the only person it can refer to:
    a person named in the same or previous sentence whose gender is known from a given name or a title
    (M., Mme, Mr, Ms). It stays silent whenever anything else nearby could be the antecedent: a person
    of that gender or of unknown gender, another proper noun, or a noun of that gender ("la société").
    Against a source whose pronouns name one sex only (English he/she), the target's pronouns and
    possessives (German sein/ihr, Portuguese dele/dela), a participle or adjective after a copula whose
    subject is the person ("Fue nombrado", "elle est devenue"); against any source with a person-noun
    pack, a noun that names the other sex than the source's ("her mother" -> "su padre").
    Why: languages that drop subject pronouns (Spanish, Italian, Chinese...) leave MT to guess the
    gender, and it often guesses wrong; the reader is then told about a different person.
    Example: "Elon Musk a quitté le projet. Plus tard, elle s'est plainte." flags "elle".
    Instead: use the pronoun of the person's gender: "Plus tard, il s'est plaint."
    """

    code = "GR001"
    name = "pronoun-gender"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    languages = frozenset({"fr", "es", "it", "pt", "en", "de"})
    document_scope = True  # people named in earlier units stay known
    examples = (
        Example("Elon Musk a quitté le projet. Plus tard, elle s'est plainte de la décision.", True, span="elle"),
        Example("Elon Musk a quitté le projet. Plus tard, il s'est plaint de la décision.", False),
        Example("Elon Musk a critiqué la société. Elle a répondu le lendemain.", False),
        Example("Marie Curie a reçu le prix. Elle était la première femme.", False),
        Example("Mme Dupont est arrivée avec le directeur. Il a dit bonjour.", False),
        Example("John Smith said that she would resign.", True, target_lang="en", span="she"),
        Example("John Smith met Mary Jones and said that she would resign.", False, target_lang="en"),
        Example("Pedro Sánchez visitó la empresa. Después, ella publicó un comunicado.", False, target_lang="es"),
        Example("Pedro Sánchez llegó tarde al acto. Después, ella pidió perdón.", True, target_lang="es",
                span="ella"),
        Example("Elon Musk est arrivée en retard à la réunion.", True, span="arrivée"),
        Example("Marie Curie est arrivée en retard à la réunion.", False),
        Example("Fue nombrado tesorero de la sociedad.", True, source="She was appointed treasurer of the society.",
                source_lang="en", target_lang="es", span="nombrado"),
        Example("Fue nombrada tesorera de la sociedad.", False, source="She was appointed treasurer of the society.",
                source_lang="en", target_lang="es"),
        Example("Il rendit visite à son père.", True, source="He visited his mother.", source_lang="en",
                span="père"),
        Example("Ha cresciuto tre figli.", False, source="She raised three children and was a daughter of farmers.",
                source_lang="en", target_lang="it"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        lang = ctx.target_base or ""
        prefilter = _prefilter(lang)
        lex = gender_lexicon(lang)
        if prefilter is None or lex is None:
            return
        people: People = ctx.document.state_for(self.name, People)
        # Cheap pre-filter: without a gendered pronoun only agreement can fire, and that needs a name.
        has_pronoun = prefilter.search(ctx.text) is not None
        flagged = False
        if has_pronoun or lex.copulas:
            for conflict in find_conflicts(ctx.text, ctx.sentences, lex, lang, people):
                if source_agrees(ctx.source, ctx.source_lang, conflict.gender):
                    continue
                said = _GENDER_WORD[conflict.gender]
                meant = _GENDER_WORD[conflict.person_gender]
                suggestion = lex.counterpart.get(conflict.pronoun.lower()) if conflict.kind == "pronoun" else None
                if suggestion and conflict.pronoun[:1].isupper():
                    suggestion = suggestion.capitalize()
                confidence = 0.8 if is_pro_drop(ctx.source_lang) else 0.6
                yield Hit(
                    conflict.start,
                    conflict.end,
                    f"'{conflict.pronoun}' is {said} but seems to refer to {conflict.person} ({meant})",
                    suggestion=suggestion,
                    confidence=confidence,
                )
                flagged = True
        if not flagged and ctx.source:
            yield from self._against_source(ctx, lex.counterpart, has_pronoun)

    def _against_source(self, ctx: UnitContext, counterpart: dict[str, str], has_pronoun: bool) -> Iterator[Hit]:
        source = ctx.source or ""
        expected = source_gender(source, ctx.source_lang)
        if expected is not None and has_pronoun:
            found = target_pronouns(ctx.text, ctx.target_lang, source, ctx.source_lang)
            if found and not any(gender == expected for *_, gender in found):
                start, end, text, gender = found[0]
                suggestion = counterpart.get(text.lower())
                if suggestion and text[:1].isupper():
                    suggestion = suggestion.capitalize()
                yield Hit(start, end, f"'{text}' is {_GENDER_WORD[gender]} but the source's pronouns are all "
                          f"{_GENDER_WORD[expected]}", suggestion=suggestion, confidence=0.7)
                return
        if expected is not None:
            agreeing = agreement_conflicts(ctx.text, ctx.target_lang, expected)
            if agreeing:
                start, end, text, gender = agreeing[0]
                yield Hit(start, end, f"'{text}' is {_GENDER_WORD[gender]} but the source's pronouns are all "
                          f"{_GENDER_WORD[expected]}", confidence=0.65)
                return
        for start, end, text, gender, word in noun_conflicts(source, ctx.source_lang, ctx.text, ctx.target_lang):
            other = "feminine" if gender == "m" else "masculine"
            yield Hit(start, end, f"'{text}' is {_GENDER_WORD[gender]} but the source's '{word}' is {other}",
                      confidence=0.7)

CHECKS = (PronounGender,)
