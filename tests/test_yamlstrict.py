"""The strict YAML reader: every scalar stays the string the contributor typed, positions are
remembered, and everything plain data does not need is a problem with a code and a line."""

from __future__ import annotations

import pytest

from build_scripts import yamlstrict
from build_scripts.yamlstrict import parse


def problems_of(text: str) -> list[yamlstrict.YamlProblem]:
    _, _, problems = parse(text)
    return problems


def one_problem(text: str) -> yamlstrict.YamlProblem:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


# --- scalars ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["NO", "no", "yes", "on", "off", "true", "False", "1.10", "1e3", "0x1F",
                                   "012", ".inf", ".nan", "12:30:00", "2020-01-23", "2020-01", "2020",
                                   "-1", "+5", "1_000"])
def test_plain_scalars_stay_the_string_typed(typed):
    data, _, problems = parse(f"value: {typed}\n")

    assert problems == []
    assert data == {"value": typed}
    assert type(data["value"]) is str


@pytest.mark.parametrize("text", ["value: null\n", "value: ~\n", "value:\n", "value: Null\n", "value: NULL\n"])
def test_null_tilde_and_empty_values_are_none(text):
    data, _, problems = parse(text)

    assert problems == []
    assert data == {"value": None}


@pytest.mark.parametrize("text, expected", [
    ("value: 'null'\n", "null"),
    ('value: "~"\n', "~"),
    ("value: ''\n", ""),
    ("value: nullable\n", "nullable"),
])
def test_quoted_or_longer_null_words_are_strings(text, expected):
    data, _, _ = parse(text)

    assert data == {"value": expected}


def test_sequences_mappings_and_block_scalars_become_plain_python():
    text = "a: [1, two, null]\nb: {c: 2.0}\nd: |\n  line one\n  line two\ne: >\n  folded\n  text\n"

    data, _, problems = parse(text)

    assert problems == []
    assert data == {"a": ["1", "two", None], "b": {"c": "2.0"}, "d": "line one\nline two\n", "e": "folded text\n"}


def test_quoted_escapes_are_decoded():
    data, _, _ = parse('a: "tab\\there"\nb: \'it\'\'s\'\n')

    assert data == {"a": "tab\there", "b": "it's"}


def test_empty_document_is_none_without_problems():
    assert parse("") == (None, yamlstrict.Positions(), [])
    assert parse("# only a comment\n")[0] is None


# --- positions ------------------------------------------------------------------------------


def test_positions_of_values_and_keys_are_one_based_line_and_column():
    text = "id: x\nclaims:\n  - id: first\n    quote: \"some words\"\n  - id: second\n"

    data, positions, _ = parse(text)

    assert data["claims"][1]["id"] == "second"
    assert positions.of(()) == (1, 1)
    assert positions.of(("id",)) == (1, 5)
    assert positions.of(("claims", 0, "quote")) == (4, 12)
    assert positions.of(("claims", 1, "id")) == (5, 9)
    assert positions.of_key(("claims", 0, "quote")) == (4, 5)
    assert positions.of_key(("claims",)) == (2, 1)


def test_positions_in_flow_collections():
    _, positions, _ = parse("a: {b: c, d: [e, f]}\n")

    assert positions.of(("a", "d", 1)) == (1, 18)
    assert positions.of_key(("a", "d")) == (1, 11)


def test_position_of_a_missing_path_is_its_nearest_existing_ancestor():
    _, positions, _ = parse("top: x\nnested:\n  inner: y\n")

    assert positions.of(("nested", "absent", 3)) == positions.of(("nested",)) == (3, 3)
    assert positions.of_key(("nested", "absent")) == positions.of(("nested",))


# --- refusals -------------------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_with_the_first_line_in_the_message():
    problem = one_problem("id: a\nname: b\nid: c\n")

    assert (problem.code, problem.line, problem.col) == ("YAML002", 3, 1)
    assert "'id'" in problem.message and "line 1" in problem.message
    assert problem.hint


def test_duplicate_key_in_a_nested_mapping_names_its_first_line():
    problem = one_problem("claims:\n  - id: a\n    quote: x\n    note: y\n    quote: z\n")

    assert (problem.code, problem.line) == ("YAML002", 5)
    assert "'quote'" in problem.message and "line 3" in problem.message


def test_duplicate_keys_keep_the_first_value_and_report_every_repeat():
    data, _, problems = parse("a: 1\na: 2\nb: 3\na: 4\n")

    assert data == {"a": "1", "b": "3"}
    assert [(p.code, p.line) for p in problems] == [("YAML002", 2), ("YAML002", 4)]


@pytest.mark.parametrize("text, line", [
    ("a: &anchor 1\n", 1),
    ("a: 1\nb: &x [1, 2]\n", 2),
    ("a: [1]\nb: *x\n", 2),
    ("base: &b {k: v}\nother: *b\n", 1),
])
def test_anchors_and_aliases_are_refused(text, line):
    data, _, problems = parse(text)

    assert data is None
    assert [(p.code, p.line) for p in problems] == [("YAML003", line)]


def test_alias_bomb_is_refused_before_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))

    problem = one_problem(bomb)

    assert problem.code == "YAML003"


@pytest.mark.parametrize("text, line", [
    ("a: !!python/object:os.system echo\n", 1),
    ("a: 1\nb: !!python/object/apply:os.system [echo]\n", 2),
    ("a: !foo bar\n", 1),
    ("a: !!str 5\n", 1),
    ("a: 1\nb: !!binary aGVsbG8=\n", 2),
    ("a: !custom {k: v}\n", 1),
])
def test_tags_are_refused(text, line):
    data, _, problems = parse(text)

    assert data is None
    assert [(p.code, p.line) for p in problems] == [("YAML004", line)]


@pytest.mark.parametrize("text, line", [
    ("? [a, b]\n: x\n", 1),
    ("ok: 1\nnull: x\n", 2),
    ("~: x\n", 1),
    ("ok: 1\n{a: b}: x\n", 2),
    ("ok: 1\n: x\n", None),  # an empty key is a syntax error in PyYAML; it must still be refused
])
def test_non_string_keys_are_refused(text, line):
    _, _, problems = parse(text)

    assert problems, "a non-string key must be a problem"
    if line is not None:
        assert [(p.code, p.line) for p in problems] == [("YAML005", line)]


def test_quoted_null_and_digit_keys_are_plain_strings():
    data, _, problems = parse('"null": x\n1: y\n')

    assert problems == []
    assert data == {"null": "x", "1": "y"}


@pytest.mark.parametrize("text, line", [
    ("a: 1\n---\nb: 2\n", 2),
    ("---\na: 1\n---\nb: 2\n", 3),
    ("a: 1\n...\n---\nb: 2\n", 3),
])
def test_more_than_one_document_is_refused(text, line):
    data, _, problems = parse(text)

    assert data is None
    assert [(p.code, p.line) for p in problems] == [("YAML006", line)]


def test_nesting_deeper_than_the_limit_is_refused():
    deep = "a: " + "[" * (yamlstrict.MAX_DEPTH + 5) + "]" * (yamlstrict.MAX_DEPTH + 5) + "\n"

    data, _, problems = parse(deep)

    assert data is None
    assert [(p.code, p.line) for p in problems] == [("YAML007", 1)]


def test_nesting_of_block_mappings_deeper_than_the_limit_is_refused_at_its_line():
    deep = "".join("  " * i + f"k{i}:\n" for i in range(yamlstrict.MAX_DEPTH + 5))

    problem = one_problem(deep)

    assert problem.code == "YAML007"
    # The mapping that is one level too deep opens under key k{MAX_DEPTH - 1}, on this line or the next.
    assert problem.line in (yamlstrict.MAX_DEPTH, yamlstrict.MAX_DEPTH + 1)


def test_nesting_up_to_the_limit_is_accepted():
    ok = "a: " + "[" * (yamlstrict.MAX_DEPTH - 2) + "]" * (yamlstrict.MAX_DEPTH - 2) + "\n"

    data, _, problems = parse(ok)

    assert problems == []
    assert data is not None


@pytest.mark.parametrize("text, line", [
    ("a: b\n  c: d\n", 2),
    ("a: 1\nb: [1, 2\nc: 3\n", 3),
    ("a: 1\nb: \"unterminated\n", 3),
    ("a: 1\n- x\n", 2),
])
def test_syntax_errors_are_reported_with_their_line(text, line):
    data, _, problems = parse(text)

    assert data is None
    assert [(p.code, p.line) for p in problems] == [("YAML001", line)]
    assert problems[0].message.startswith("YAML syntax:")


@pytest.mark.parametrize("text, line, col", [
    ("a: b\x07c\n", 1, 5),
    ("a: b\nc: \x01\n", 2, 4),
    ("a: 1\nb: 2\nc: x\x81y\n", 3, 5),
    ("a: 1\nb: \ufffe\n", 2, 4),
])
def test_control_characters_are_a_problem_with_line_and_column_not_an_exception(text, line, col):
    data, _, problems = parse(text)

    assert data is None
    assert [(p.code, p.line, p.col) for p in problems] == [("YAML008", line, col)]


# --- editor lines, output safety, the two parsers ----------------------------------------------


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_nel_and_unicode_line_separators_end_no_line(separator):
    """YAML 1.1 counts them as line breaks; an editor and `path:line` do not."""
    text = f'a: "one{separator}two"\nb: [x\n'

    _, positions, _ = parse(f'a: "one{separator}two"\nb: x\n')
    problem = one_problem(text)

    assert positions.of(("b",)) == (2, 4)
    assert (problem.code, problem.line) == ("YAML001", 3)


def test_cr_and_crlf_end_a_line_each():
    _, positions, _ = parse("a: 1\r\nb: 2\rc: 3\n")

    assert positions.of(("c",)) == (3, 4)


@pytest.mark.parametrize("text, code", [
    ('"k\\nx:1:1: OK000 forged": 1\n"k\\nx:1:1: OK000 forged": 2\n', "YAML002"),
    ("a: !<%0Ax:1:1:%20OK000%20forged> x\n", "YAML004"),
])
def test_a_key_or_tag_echoed_in_a_message_cannot_start_a_line(text, code):
    problem = one_problem(text)

    assert problem.code == code
    assert "\n" not in problem.message and "\\n" in problem.message


TEXTS = [
    "id: x\nclaims:\n  - id: first\n    quote: \"some words\"\n  - id: second\n",
    "a: {b: c, d: [e, f]}\nn: null\ne:\nt: ~\nq: 'null'\nx: ! null\ny: !\n",
    "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n",
    'a: "x\u2028y"\nb: [c, d]\n',
    "a: 1\na: 2\nnull: 3\n? [k]\n: v\n",
    "a: [x?y, 'b?c']\n",
    "a: |#\n  x\n",
    "a: b\tc\n",
    "a: 1\n---\nb: 2\n",
    "a: &x 1\n",
    "a: b\n  c: d\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_libyaml_reads_every_text_as_the_python_parser_does(text, monkeypatch):
    fast = parse(text)
    monkeypatch.setattr(yamlstrict, "_CParser", None)

    assert fast == parse(text)
