"""The tints of the claim highlights in an article's text (docs/stylesheets/archive.css, issue 15):
one for every claim status and every role of the vocabularies, in the light and the dark scheme,
each keeping the text on it at WCAG AA (4.5:1) or better, also where the words of overlapping
claims are shaded deeper. axe-core (test_accessibility.py) checks the tints the real archive's
pages show; this checks every one, and the shade axe-core cannot measure (a gradient)."""

from __future__ import annotations

import colorsys
import re

import pytest

from archive_support import REPO
from build_scripts.vocabulary import CLAIM_STATUSES, ROLES

CSS = (REPO / "docs" / "stylesheets" / "archive.css").read_text(encoding="utf-8")
# Material's text and page colours: light, 87 % black on white; dark ("slate"), hue 225.
LIGHT_TEXT = ((0.0, 0.0, 0.0), 0.87)
DARK_TEXT = (colorsys.hls_to_rgb(225 / 360, 0.90, 0.15), 0.82)


def variables(selector: str) -> dict[str, str]:
    """The archive's variables set in the rules of exactly `selector` (a line of its own)."""
    blocks = re.findall(rf"^{re.escape(selector)} \{{(.*?)\}}", CSS, re.DOTALL | re.MULTILINE)
    assert blocks, selector
    return dict(re.findall(r"--(archive-[a-z-]+):\s*([^;]+);", "".join(blocks)))


SCHEMES = {"light": (variables(":root"), LIGHT_TEXT), "dark": (variables('[data-md-color-scheme="slate"]'), DARK_TEXT)}


def rgba(value: str) -> tuple[tuple[float, float, float], float]:
    digits = value.strip().lstrip("#")
    assert re.fullmatch(r"[0-9a-f]{6}([0-9a-f]{2})?", digits), value
    channels = tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return channels, (int(digits[6:], 16) / 255 if len(digits) == 8 else 1.0)


def over(top: tuple, alpha: float, bottom: tuple) -> tuple:
    return tuple(t * alpha + b * (1 - alpha) for t, b in zip(top, bottom, strict=True))


def luminance(rgb: tuple) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(linear, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple, b: tuple) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


TERMS = [*CLAIM_STATUSES, *ROLES]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("term", TERMS)
def test_text_on_every_tint_meets_wcag_aa_also_where_claims_overlap(scheme, term):
    values, (text, text_alpha) = SCHEMES[scheme]
    tint, alpha = rgba(values[f"archive-tint-{term}"])
    assert alpha == 1.0, "a tint is opaque, so it looks the same on a card and on the page"
    assert contrast(over(text, text_alpha, tint), tint) >= 4.5
    shade, shade_alpha = rgba(values["archive-mark-nest"])
    shaded = over(shade, shade_alpha, tint)
    assert contrast(over(text, text_alpha, shaded), shaded) >= 4.5
    assert f"archive-edge-{term}" in values


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("vocabulary", [CLAIM_STATUSES, ROLES], ids=["status", "role"])
def test_the_tints_of_one_choice_all_differ(scheme, vocabulary):
    values = SCHEMES[scheme][0]
    tints = [values[f"archive-tint-{term}"] for term in vocabulary]
    assert len(set(tints)) == len(tints)


def test_every_status_and_role_has_a_rule_for_the_text_and_the_legend():
    for status in CLAIM_STATUSES:
        assert f'.md-typeset .article-text[data-highlight="status"] mark.claim[data-status="{status}"],' in CSS
        assert f'.md-typeset .hl-swatch[data-status="{status}"] {{' in CSS
        # Each status has its own underline too: colour is not the only cue.
        assert re.search(rf'\[data-status="{status}"\] \{{[^}}]*--claim-edge-style: (dotted|solid|dashed|double);', CSS)
    for role in ROLES:
        assert f'.md-typeset .article-text[data-highlight="role"] mark.claim[data-role="{role}"],' in CSS
        assert f'.md-typeset .hl-swatch[data-role="{role}"] {{' in CSS
    styles = re.findall(r'\.hl-swatch\[data-status="[a-z]+"\] \{[^}]*--claim-edge-style: ([a-z]+);', CSS)
    assert sorted(styles) == sorted(set(styles)) and len(styles) == len(CLAIM_STATUSES)
