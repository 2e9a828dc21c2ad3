"""Property-based tests (Hypothesis): random YAML and random article text never crash the loader
or the anchoring; anything wrong with them comes back as a diagnostic.

- `yamlstrict.parse` of any text returns data or problems with a code and a place in the file;
  plain data dumped in any quoting style reads back as the same strings;
- `anchor.normalise` maps every character back into the original text, and `anchor.anchor`
  finds only passages whose normalised form is the quote's: normalise(text[start:end]) equals
  normalise(quote), stripped;
- `load.load_article`, `load.read_text` and the whole `pipeline.check` take any bytes.

Runs are derandomized (the same examples on every run, in CI as locally) and kept short.
"""

from __future__ import annotations

import re
import shutil
import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from build_scripts import anchor, load, pipeline, yamlstrict
from build_scripts.diagnostics import Report

SMALL = Path(__file__).parent / "fixtures" / "small"
# Hypothesis keeps caches in ./.hypothesis; the examples are derandomized and no database is
# used, so nothing of it belongs in the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "hypothesis-conflict-archive")
PROBLEM_CODE = re.compile(r"^[A-Z]+\d{3}$")

FAST = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# Whole-archive examples cost a copy of the fixture each: fewer of them, and a failure is
# reported as found, without the many further runs that shrinking it would take.
SLOW = settings(max_examples=40, derandomize=True, database=None, deadline=None,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that looks like YAML: its punctuation, indentation, line breaks of every kind (CR, NEL,
# LINE SEPARATOR), a byte order mark, control characters and non-ASCII letters.
YAML_ALPHABET = list(":- \n\t[]{}&*!|>'\"#%@`,?~.\\") + list("abcnulxyz019") + \
    ["\r", "\u0085", "\u2028", "\u2029", "\ufeff", "\x00", "\x07", "\u00e9", "\u0627", "\U0001F600"]
yaml_like_text = st.text(alphabet=st.sampled_from(YAML_ALPHABET), max_size=120)
any_text = st.text(max_size=200)

# Article text: words, every kind of white space, straight and curly quotation marks, letters
# with and without combining marks (some with no precomposed form), bidi controls and emoji.
ARTICLE_ALPHABET = list("abcdefxyzAB ,.;") + ["\n", "\t", "\u00a0", "\u3000", "\u2028", '"', "'", "\u201c",
                                                "\u201d", "\u2018", "\u2019", "\u201e", "\u00e9", "e\u0301",
                                                "x\u0301", "\u0301", "\u0308", "\u0344", "\u202e", "\u200b",
                                                "\U0001F600", "\ufb01"]
article_text = st.lists(st.sampled_from(ARTICLE_ALPHABET), max_size=80).map("".join)


def _file_lines(text: str) -> int:
    """The number of lines an editor shows (LF, CRLF and CR end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def _plain(value) -> bool:
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


# --- yamlstrict ----------------------------------------------------------------------------------


def _check_parse(text: str) -> list[yamlstrict.YamlProblem]:
    data, _, problems = yamlstrict.parse(text)
    assert isinstance(problems, list)
    for problem in problems:
        assert PROBLEM_CODE.match(problem.code), problem
        assert problem.line >= 1 and problem.col >= 1, problem
        assert problem.message and problem.hint, problem
    assert _plain(data), data
    return problems


@FAST
@given(text=any_text)
def test_any_text_parses_to_data_or_problems(text):
    _check_parse(text)


@FAST
@given(text=yaml_like_text)
@example(text="a: \u2028\u2028\u2028b: [\n")
def test_yaml_like_text_parses_to_data_or_problems(text):
    _check_parse(text)


@FAST
@given(text=yaml_like_text)
@example(text="a: 1\n\u2028b: [\n")
def test_a_yaml_problem_points_at_a_line_of_the_file(text):
    """PyYAML counts NEL and the Unicode line and paragraph separators as line breaks; a
    diagnostic's line is the line an editor shows, so it can never be past the last one."""
    for problem in _check_parse(text):
        assert problem.line <= _file_lines(text), (problem, _file_lines(text))


keys = st.text(max_size=8)
scalars = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(
    ["NO", "yes", "off", "1.10", "012", "0x1F", "1e3", "12:30:00", "~", "null", "", "2020-01-23", ".inf", "<<",
     "&a", "*a", "!tag", "- x", "a: b", "#", "'", '"']))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=4)),
                         max_leaves=12)


def _depth(value) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 1


def _without_null(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return [_without_null(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_null(v) for k, v in value.items()}
    return value


@FAST
@given(data=documents, style=st.sampled_from([None, '"', "'", "|", ">"]), flow=st.sampled_from([None, True, False]),
       unicode=st.booleans(), width=st.sampled_from([20, 80, 10_000]))
def test_plain_data_dumped_in_any_quoting_style_reads_back_as_the_same_strings(data, style, flow, unicode, width):
    if style is not None:
        data = _without_null(data)  # a quoted null is written with a tag, which is refused
    text = yaml.safe_dump(data, default_style=style, default_flow_style=flow, allow_unicode=unicode, width=width)
    parsed, _, problems = yamlstrict.parse(text)
    if _depth(data) > yamlstrict.MAX_DEPTH:
        assert [p.code for p in problems] == ["YAML007"]
        return
    if isinstance(data, str) and data == "" and style is None:
        return  # an empty document
    assert problems == [], (text, problems)
    assert parsed == data, text


# --- anchoring -----------------------------------------------------------------------------------


@FAST
@given(text=st.one_of(article_text, any_text))
def test_normalise_maps_every_character_back_into_the_original(text):
    norm = anchor.normalise(text)
    assert len(norm.text) == len(norm.starts) == len(norm.ends)
    assert list(norm.starts) == sorted(norm.starts)
    for start, end in zip(norm.starts, norm.ends, strict=True):
        assert 0 <= start < end <= len(text)


def _assert_found_maps_back(text: str, quote: str, result) -> None:
    if isinstance(result, anchor.Found):
        assert 0 <= result.start <= result.end <= len(text)
        assert anchor.key(text[result.start:result.end]) == anchor.key(quote), (text, quote, result)


@FAST
@given(text=st.one_of(article_text, any_text), quote=st.one_of(article_text, any_text),
       prefix=st.one_of(st.none(), article_text), suffix=st.one_of(st.none(), article_text))
def test_anchoring_any_quote_never_crashes_and_what_it_finds_is_the_quote(text, quote, prefix, suffix):
    result = anchor.anchor(anchor.normalise(text), quote, prefix, suffix)
    assert isinstance(result, (anchor.Found, anchor.Missing, anchor.Ambiguous, anchor.ContextMismatch))
    _assert_found_maps_back(text, quote, result)


@FAST
@given(text=article_text, data=st.data())
@example(text="the x\u0301 village", data=None)
def test_a_passage_of_the_text_is_found_and_maps_back_to_itself(text, data):
    """A quote cut from the normalised text between whole letters is found (once or
    ambiguously), and the original passage it maps to normalises to the quote: never to a longer
    or a different passage. A quote cut between a letter and its combining mark is half a letter:
    it is not found there (the hostile case unicode-partial-combining-sequence-is-not-a-match)."""
    norm = anchor.normalise(text)
    if data is None:  # the explicit example: the quote 'the x' cut before a combining mark
        start, end = 0, len("the x")
    else:
        assume(norm.text.strip())
        start = data.draw(st.integers(0, len(norm.text) - 1))
        end = data.draw(st.integers(start + 1, len(norm.text)))
    quote = norm.text[start:end]
    assume(anchor.key(quote))
    result = anchor.anchor(norm, quote)
    # The cut is between whole letters when the original passage it covers reads as the quote.
    if anchor.key(text[norm.starts[start]:norm.ends[end - 1]]) == anchor.key(quote):
        assert isinstance(result, (anchor.Found, anchor.Ambiguous)), (text, quote, result)
    _assert_found_maps_back(text, quote, result)
    if data is None:
        assert isinstance(result, anchor.Missing), result


@FAST
@given(text=article_text)
def test_curly_and_straight_quotes_and_white_space_do_not_matter(text):
    assume(anchor.key(text))
    straight = text.translate(anchor.QUOTE_FOLD)
    spaced = re.sub(r"\s+", lambda m: " \n " if len(m.group()) % 2 else "\t", straight)
    result = anchor.anchor(anchor.normalise(text), spaced)
    assert isinstance(result, (anchor.Found, anchor.Ambiguous)), (text, spaced, result)


# --- loading ---------------------------------------------------------------------------------------

front_matter = st.one_of(
    yaml_like_text,
    st.dictionaries(st.sampled_from(["id", "title", "label", "outlet", "url", "published", "language", "segments",
                                     "extra"]), scalars, max_size=6).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)),
)


@FAST
@given(front=front_matter, body=st.one_of(article_text, any_text), closing=st.sampled_from(["---", "--- ", "---\t"]))
def test_any_front_matter_and_body_load_as_an_article_or_diagnostics(front, body, closing):
    text = f"---\n{front}\n{closing}\n{body}"
    report = Report()
    source = load.load_article(text, "articles/x.md", report)
    for d in report.items:
        assert PROBLEM_CODE.match(d.code) and d.position.line >= 1 and d.position.col >= 1, d
    if source is None:
        assert report.errors, "an article that is not loaded must say why"
    else:
        assert source.body is not None and text.endswith(source.body)


@FAST
@given(text=st.one_of(any_text, article_text))
def test_any_article_file_text_loads_or_is_reported(text):
    report = Report()
    source = load.load_article(text, "articles/x.md", report)
    assert source is not None or report.errors


@SLOW
@given(raw=st.binary(max_size=300))
def test_any_bytes_are_read_as_text_or_reported(raw, tmp_path_factory):
    path = tmp_path_factory.mktemp("bytes") / "x.yml"
    path.write_bytes(raw)
    report = Report()
    text = load.read_text(path, "annotations/actors/x.yml", 1000, report)
    assert (text is None) == bool(report.errors)
    if text is not None:
        assert "\r" not in text and not text.startswith("\ufeff")


@SLOW
@given(body=article_text.filter(lambda t: t.strip()), quote=st.one_of(article_text, any_text).filter(str.strip),
       data=st.data())
def test_the_whole_check_of_a_random_article_and_quote_ends_in_diagnostics_only(body, quote, data,
                                                                              tmp_path_factory):
    root = tmp_path_factory.mktemp("random-archive")
    for folder in ("articles", "annotations"):
        shutil.copytree(SMALL / folder, root / folder)
    if data.draw(st.booleans()):  # sometimes a quote that is really in the text
        norm = anchor.normalise(body).text
        start = data.draw(st.integers(0, max(0, len(norm) - 1)))
        quote = norm[start:start + data.draw(st.integers(1, 30))] or quote
    front = ("---\nid: random-article\ntitle: null\nlabel: \"Random\"\noutlet: null\noutlet_basis: null\n"
             "url: null\nprovenance_note: \"A generated test article.\"\nauthor: null\npublished: null\n"
             "language: en\n---\n")
    (root / "articles" / "random-article.md").write_text(front + body, encoding="utf-8", newline="")
    quoted = yaml.safe_dump({"quote": quote}, allow_unicode=False, width=10_000).strip()
    claims = (f"article: random-article\nclaims:\n  - id: random-claim\n    {quoted}\n    claimant: null\n"
              "    role: asserts\n    status: unverified\n")
    (root / "annotations" / "claims" / "random-article.yml").write_text(claims, encoding="utf-8", newline="")
    result = pipeline.check(root)
    for d in result.report.items:
        assert PROBLEM_CODE.match(d.code) and d.position.line >= 1, d
    if result.report.ok:
        claim = result.archive.claims["random-claim"]
        assert anchor.key(claim.article.body[claim.start:claim.end]) == anchor.key(quote)


def test_the_alphabets_cover_what_they_promise():
    assert {"\u2028", "\u0085", "\ufeff", "\x00"} <= set(YAML_ALPHABET)
    assert {"x\u0301", "\u201c", "\u00a0", "\u202e"} <= set(ARTICLE_ALPHABET)
    assert set(string.ascii_lowercase[:6]) <= set(ARTICLE_ALPHABET)
