"""Anchoring quotes in article text: the normalised comparison documented in
build_scripts/anchor.py (NFC, whitespace runs, curly = straight quotes, nothing else), and the
mapping of every match back to offsets in the untouched original."""

from __future__ import annotations

import unicodedata

import pytest

from build_scripts.anchor import (Ambiguous, ContextMismatch, Found, Missing, anchor, key, normalise,
                                  occurrences, sentence_around)


def find(text: str, quote: str, prefix: str | None = None, suffix: str | None = None):
    return anchor(normalise(text), quote, prefix, suffix)


def found_text(text: str, quote: str, **context) -> str:
    result = find(text, quote, **context)
    assert isinstance(result, Found), result
    return text[result.start:result.end]


# --- normalise ------------------------------------------------------------------------------


def test_decomposed_and_precomposed_letters_normalise_alike():
    decomposed = "Cafe\u0301 de\u0301cide\u0301"
    composed = "Caf\u00e9 d\u00e9cid\u00e9"

    assert decomposed != composed
    assert normalise(decomposed).text == normalise(composed).text == composed


def test_whitespace_runs_become_one_space():
    assert normalise("a  b\t\tc\n\n  d\u00a0e").text == "a b c d e"


@pytest.mark.parametrize("curly, straight", [
    ("\u201cquoted\u201d", '"quoted"'),
    ("\u201equoted\u201f", '"quoted"'),
    ("\u2033", '"'),
    ("\u2018it\u2019s\u201a\u201b", "'it's''"),
    ("\u2032", "'"),
])
def test_curly_quotes_fold_to_straight_ones(curly, straight):
    assert normalise(curly).text == straight


def test_case_and_dashes_are_not_folded():
    assert normalise("Idlib \u2014 IDLIB - idlib \u2013").text == "Idlib \u2014 IDLIB - idlib \u2013"


def test_every_normalised_character_knows_its_original_span():
    text = "x  \u201cy\u201d e\u0301"
    norm = normalise(text)

    assert norm.text == 'x "y" \u00e9'
    spans = [text[s:e] for s, e in zip(norm.starts, norm.ends, strict=True)]
    assert spans == ["x", "  ", "\u201c", "y", "\u201d", " ", "e\u0301"]


def test_key_strips_and_normalises_a_short_text():
    assert key("  \u201cHayat  Tahrir\nal-Sham\u201d ") == '"Hayat Tahrir al-Sham"'


def test_occurrences_finds_overlapping_hits_and_nothing_for_an_empty_needle():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("abc", "") == []


# --- anchor ---------------------------------------------------------------------------------


def test_decomposed_text_matches_a_precomposed_quote_and_maps_back():
    text = "Le cafe\u0301 a dit non."

    assert found_text(text, "caf\u00e9 a dit") == "cafe\u0301 a dit"


def test_precomposed_text_matches_a_decomposed_quote():
    assert found_text("Le caf\u00e9 a dit non.", "cafe\u0301 a dit") == "caf\u00e9 a dit"


def test_arabic_hamza_written_decomposed_matches_the_composed_letter():
    # NFC composes ALEF + HAMZA ABOVE (U+0627 U+0654) into ALEF WITH HAMZA ABOVE (U+0623).
    composed = "\u0623\u062d\u0645\u062f"
    decomposed = "\u0627\u0654\u062d\u0645\u062f"
    assert unicodedata.normalize("NFC", decomposed) == composed

    assert found_text(f"said {decomposed} today", composed) == decomposed
    assert found_text(f"said {composed} today", decomposed) == composed


def test_whitespace_differences_match_and_the_original_whitespace_is_kept():
    text = "They said:\n\n  up   to 40\tsoldiers were killed."

    assert found_text(text, "up to 40 soldiers") == "up   to 40\tsoldiers"
    assert found_text(text, "said: up to") == "said:\n\n  up   to"


def test_straight_quotes_in_the_quote_match_curly_ones_in_the_text():
    text = "The front said \u201cno attack took place\u201d and \u2018none\u2019 was seen."

    assert found_text(text, '"no attack took place"') == "\u201cno attack took place\u201d"
    assert found_text(text, "'none' was") == "\u2018none\u2019 was"


def test_curly_quotes_in_the_quote_match_straight_ones_in_the_text():
    assert found_text('He said "never" twice.', "\u201cnever\u201d") == '"never"'


def test_surrounding_whitespace_of_a_quote_is_ignored():
    assert found_text("alpha beta gamma", "  beta \n") == "beta"


def test_found_offsets_index_the_original_text():
    text = "Intro.\n\nThe  \u201cministry\u201d  said 40."
    result = find(text, '"ministry" said')

    assert isinstance(result, Found)
    assert (result.start, result.end) == (text.index("\u201c"), text.index("said") + len("said"))


@pytest.mark.parametrize("quote", ["Up to 40", "up to 40\u2014soldiers", "up to forty"])
def test_case_dashes_and_words_must_match_exactly(quote):
    assert isinstance(find("up to 40 - soldiers were killed", quote), Missing)


def test_missing_quote_reports_the_closest_passage_and_its_original_offset():
    text = "First line.\n\nThe Observatory said there was no attack on government forces."

    result = find(text, "there was no attack on goverment forces")

    assert isinstance(result, Missing)
    assert result.closest.startswith("there was no attack on gover")
    assert result.ratio > 0.9
    assert result.closest_start == text.index("there was")


def test_missing_quote_with_nothing_alike_has_a_low_ratio():
    result = find("The ministry spoke.", "zzzz qqqq")

    assert isinstance(result, Missing)
    assert result.ratio < 0.5


def test_missing_quote_in_an_empty_text():
    assert find("", "anything") == Missing("", 0, 0.0)


def test_quote_found_twice_is_ambiguous_with_both_original_starts():
    text = "on Thursday the army moved; on  Thursday it stopped."

    result = find(text, "on Thursday")

    assert result == Ambiguous((0, text.index("on  Thursday")))


def test_prefix_picks_one_of_several_occurrences():
    text = "a x b x c"

    assert find(text, "x", prefix="b") == Found(6, 7)
    assert find(text, "x", prefix="a") == Found(2, 3)


def test_suffix_picks_one_of_several_occurrences():
    text = "a x b x c"

    assert find(text, "x", suffix="c") == Found(6, 7)
    assert find(text, "x", suffix="b") == Found(2, 3)


def test_prefix_and_suffix_are_compared_normalised():
    text = "He said \u201cyes\u201d.\nShe said \u201cyes\u201d  loudly."

    assert found_text(text, '"yes"', prefix="She   said") == "\u201cyes\u201d"
    assert find(text, '"yes"', suffix="loudly").start == text.rindex("\u201cyes")


def test_prefix_matching_no_occurrence_is_a_context_mismatch():
    text = "a x b x c"

    assert find(text, "x", prefix="z") == ContextMismatch("prefix", (2, 6))


def test_suffix_matching_no_occurrence_is_a_context_mismatch():
    assert find("a x b x c", "x", suffix="q") == ContextMismatch("suffix", (2, 6))


def test_prefix_and_suffix_that_still_leave_two_occurrences_are_ambiguous():
    assert find("a x b a x b", "x", prefix="a", suffix="b") == Ambiguous((2, 8))


def test_unique_quote_with_a_wrong_prefix_is_a_context_mismatch():
    assert find("one two three", "two", prefix="three") == ContextMismatch("prefix", (4,))


# --- sentence_around ------------------------------------------------------------------------


def test_sentence_around_a_quote_in_the_middle_of_a_paragraph():
    text = "First sentence. The Observatory said there was no attack. Last one."
    start = text.index("there")
    end = text.index(" attack.") + len(" attack")

    left, right = sentence_around(text, start, end)

    assert text[left:right] == "The Observatory said there was no attack."


def test_sentence_around_a_quote_in_the_first_sentence_keeps_its_first_letter():
    text = "The Observatory said there was no attack, but 400 strikes were recorded."
    start = text.index("there")
    end = text.index(", but")

    left, right = sentence_around(text, start, end)

    assert text[left:right] == text


def test_sentence_around_stops_at_line_breaks():
    text = "Header line\nThe ministry said 40 were killed\nNext line."
    start = text.index("40")

    left, right = sentence_around(text, start, start + 2)

    assert text[left:right] == "The ministry said 40 were killed"
