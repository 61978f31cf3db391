"""What each score of a file means, for the `html` report: its value, its scale, and how it was made.

A reviewer reading "quality 19.1" needs the scale beside it: here, that 100 means no findings, that the
score falls by the penalty points per 1,000 words, and what density of errors the number stands for.
Scores this module does not know are listed as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mtqa.reporters.html_assets import esc as _e
from mtqa.util.jsonsafe import dumps

# A score's data -> (value, what its scale means), or None when the data does not have the usual shape.
Explainer = Callable[[Any], "tuple[str, str] | None"]


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _mqm(data: Any) -> tuple[str, str] | None:
    if not isinstance(data, dict):
        return None
    quality, penalty, points, words = (_num(data.get(k)) for k in ("quality", "penalty", "points", "words"))
    if quality is None or penalty is None or points is None or words is None:
        return None
    value = f"{quality:.1f}"
    if points == 0:
        density = "no findings"
    else:
        per_major = 5000 / penalty if penalty else float("inf")
        density = f"about one major finding (5 points) every {per_major:,.0f} words"
    scale = (f"MQM-style quality: 100 means no findings, and the score falls by the penalty points per 1,000 words "
             f"(it has no lower bound). Here {points:g} points over {words:,.0f} words make "
             f"{penalty:.1f} per 1,000 words, so quality = 100 − {penalty:.1f}: {density}. "
             f"A finding costs 1 point (minor), 5 (major) or 25 (critical) by default (config keys "
             f"<code>mqm_penalties</code>, <code>mqm_weights</code>); for scale, one minor finding per 1,000 words "
             f"scores 99 and one major finding per 100 words scores 50. Gate on it with <code>--min-quality</code>.")
    return value, scale


def _comet(data: Any) -> tuple[str, str] | None:
    if not isinstance(data, dict) or _num(data.get("system")) is None:
        return None
    units = data.get("units") if isinstance(data.get("units"), list) else []
    threshold = _num(data.get("threshold"))
    below = (f" {sum(1 for u in units if isinstance(u, dict) and (_num(u.get('comet')) or 0) < threshold)} "
             f"unit(s) score below the threshold {threshold:g} and are flagged as quality-score."
             if threshold is not None else "")
    model = _e(data.get("model", "?"))
    scale = (f"COMET system score: the mean of {len(units)} unit score(s) from <code>{model}</code>. "
             f"Higher is better; the scale belongs to the model (the WMT22 COMET and CometKiwi models give roughly "
             f"0 to 1), so compare only scores of the same model, and read a unit's score against the others "
             f"rather than as a percentage.{below}")
    return f"{_num(data['system']):.4f}", scale


def _metric(label: str, direction: str) -> Explainer:
    def explain(data: Any) -> tuple[str, str] | None:
        if not isinstance(data, dict) or _num(data.get("score")) is None:
            return None
        signature = f" sacrebleu signature <code>{_e(data['signature'])}</code>." if data.get("signature") else ""
        return f"{_num(data['score']):.2f}", f"{label} against the references, {direction}.{signature}"
    return explain


# name in FileReport.scores -> (label, explainer)
EXPLAINERS: dict[str, tuple[str, Explainer]] = {
    "mqm": ("MQM quality", _mqm),
    "comet": ("COMET", _comet),
    "bleu": ("BLEU", _metric("corpus BLEU", "0 to 100, higher is better (n-gram overlap)")),
    "chrf++": ("chrF++", _metric("character and word n-gram F-score", "0 to 100, higher is better")),
    "ter": ("TER", _metric("translation edit rate: edits per 100 reference words",
                           "lower is better (0 = identical; it can exceed 100)")),
}


def _format(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (dict, list)):
        return dumps(value, sort_keys=True)
    return str(value)


def _flatten(scores: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in scores.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and len(out) < 200:
            out.extend(_flatten(value, name + "."))
        else:
            out.append((name, value))
    return out


def scores_html(scores: dict[str, Any]) -> str:
    """A definition list: each score with its value and what its scale means (unknown ones as they are)."""
    rows = []
    for key, data in scores.items():
        known = EXPLAINERS.get(key)
        explained = known[1](data) if known else None
        if known and explained:
            value, scale = explained
            rows.append(f'<dt>{known[0]}</dt><dd data-score="{_e(key)}"><span class="value">{value}</span>'
                        f'<span class="scale">{scale}</span></dd>')
            continue
        for name, value in _flatten({key: data}):
            rows.append(f'<dt>{_e(name)}</dt><dd><span class="value">{_e(_format(value))}</span></dd>')
    return f'<dl class="scores">{"".join(rows)}</dl>' if rows else ""


def unit_comet_scores(scores: dict[str, Any]) -> dict[str, float]:
    """Unit id -> COMET score, for the unit headers."""
    comet = scores.get("comet")
    units = comet.get("units") if isinstance(comet, dict) else None
    out: dict[str, float] = {}
    for entry in units if isinstance(units, list) else ():
        value = _num(entry.get("comet")) if isinstance(entry, dict) else None
        if value is not None and entry.get("unit") is not None:
            out[str(entry["unit"])] = value
    return out
