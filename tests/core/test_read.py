"""Safe YAML reading: scalars as YAML 1.2 reads them, duplicate keys, refused structures."""

from __future__ import annotations

import pytest

from mkdocs_postmortem.core.read import (
    DocumentError,
    LineMap,
    decode,
    expected_type,
    parse,
    yaml_type_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("time: 18:05", "18:05"),
        ("v: no", "no"),
        ("v: on", "on"),
        ("v: 2026-02-27", "2026-02-27"),
        ("v: 0777", "0777"),
        ("v: 0o17", 15),
        ("v: 1_000", 1000),
        ("v: 1.5", 1.5),
        ("v: true", True),
        ("v: ~", None),
    ],
)
def test_scalars_resolve_like_yaml_1_2(text: str, expected: object) -> None:
    data = parse(text).data
    assert next(iter(data.values())) == expected


def test_duplicate_keys_are_found_with_their_line() -> None:
    doc = parse("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert doc.duplicate_keys == [("c", 4, 3)]


def test_self_referencing_alias_is_refused() -> None:
    """An endless structure: the walk stops at the nesting limit long before any budget."""
    with pytest.raises(DocumentError, match="nested more than 64 levels deep"):
        parse("a: &a [*a, *a]\n")
    with pytest.raises(DocumentError, match="nested more than 64 levels deep"):
        parse("a: &a {b: *a}\n")


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "a: !!binary aGk=\n",
            1,
            4,
            "YAML tags that construct objects are not allowed: '!!binary'",
        ),
        ("a: !!set {x}\n", 1, 4, "YAML tags that construct objects are not allowed: '!!set'"),
        (
            "a: !!timestamp 2026-01-01\n",
            1,
            4,
            "YAML tags that construct objects are not allowed: '!!timestamp'",
        ),
        (
            "ok: 1\nrun: !!python/object/apply:os.system [echo]\n",
            2,
            6,
            "YAML tags that construct objects are not allowed: '!!python/object/apply:os.system'",
        ),
        ("a: !custom x\n", 1, 4, "YAML tags that construct objects are not allowed: '!custom'"),
        (
            "a: 1\n---\nb: 2\n",
            2,
            1,
            "a postmortem file holds one YAML document, but a second one starts here (remove the "
            "'---' separator or split the file)",
        ),
        ("a: b: c\n", 1, 5, "YAML syntax error: mapping values are not allowed in this context"),
        (
            "7\n",
            1,
            1,
            "the top level must be a mapping of fields, found a single value (an integer)",
        ),
        (
            "'text'\n",
            1,
            1,
            "the top level must be a mapping of fields, found a single value (a string)",
        ),
        ("- a\n", 1, 1, "the top level must be a mapping of fields, found a list"),
        (
            "   \n",
            1,
            1,
            "file is empty: expected a mapping with at least id, title, date, severity, status "
            "and summary",
        ),
        (
            "a: ok\nb: \x07\n",
            2,
            4,
            "character U+0007 is not allowed in YAML (control characters are not allowed); remove "
            "it or write it as an escape in a double-quoted string",
        ),
        (
            "a: " + "[" * 70 + "]" * 70 + "\n",
            1,
            1,
            "values are nested more than 64 levels deep; no postmortem field needs that",
        ),
    ],
)
def test_document_errors_have_a_position(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column, caught.value.message) == (line, column, message)


def test_aliases_that_expand_too_far_are_refused() -> None:
    """A billion-laughs document: small to write, 200,000+ values to hold."""
    text = "a: &a [1,2,3,4,5,6,7,8,9,10]\n"
    for prev, name in zip("abcd", "bcde", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]\n"
    text_length = len(text + "f: [*e, *e]\n")
    with pytest.raises(DocumentError) as caught:
        parse(text + "f: [*e, *e]\n")
    assert caught.value.message == (
        f"document expands to more than {200_000 + 2 * text_length:,} values and characters "
        f"through anchors and aliases (200,000 plus twice the file's {text_length} characters); "
        "write the values out instead"
    )
    assert parse(text).data["e"][0][0][0][0] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_merge_keys_are_not_duplicates() -> None:
    doc = parse("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n")
    assert doc.data["use"] == {"x": 1, "y": 2}
    assert doc.duplicate_keys == []


def test_the_last_of_duplicate_keys_is_kept() -> None:
    doc = parse("a: 1\na: 2\n")
    assert doc.data == {"a": 2}
    assert doc.duplicate_keys == [("a", 2, 1)]


def test_decode_allows_a_bom() -> None:
    assert decode(b"\xef\xbb\xbfid: x\n") == "id: x\n"


def test_decode_names_the_first_bad_byte_and_its_place() -> None:
    with pytest.raises(DocumentError) as caught:
        decode(b"ok\nab\xff\xfe")
    assert (caught.value.line, caught.value.column, caught.value.message) == (
        2,
        3,
        "file is not valid UTF-8 (byte 0xff); save it as UTF-8",
    )


LINES = "id: A\nimpact:\n  level: x\nlist:\n  - a\n  - {b: 1}\n"


@pytest.mark.parametrize(
    ("path", "key", "place"),
    [
        ((), False, (1, 1)),
        (("id",), False, (1, 5)),
        (("id",), True, (1, 1)),
        (("impact", "level"), False, (3, 10)),
        (("impact", "level"), True, (3, 3)),
        (("impact", "missing"), False, (3, 3)),
        (("list", 1, "b"), False, (6, 9)),
        (("list", 1), True, (6, 5)),
        (("list", 5), False, (5, 3)),
        (("nope", "x"), False, (1, 1)),
    ],
)
def test_line_map(path: tuple[str | int, ...], key: bool, place: tuple[int, int]) -> None:
    """The value (or with ``key``, its key); a missing part falls back to its nearest parent;
    list entries have no key, so their value is meant."""
    assert LineMap(LINES).where(path, key=key) == place


def test_line_map_of_text_that_does_not_parse_is_the_top() -> None:
    assert LineMap("a: [\n").where(("a",)) == (1, 1)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "null"),
        (True, "a boolean"),
        (1, "an integer"),
        (1.5, "a number"),
        ("s", "a string"),
        ([], "a list"),
        ({}, "a mapping"),
        (b"x", "bytes"),
    ],
)
def test_yaml_type_names(value: object, name: str) -> None:
    assert yaml_type_name(value) == name


@pytest.mark.parametrize(
    ("kind", "wanted"),
    [("boolean", "true or false"), ("object", "a mapping"), ("array", "a list"), ("x", "a value")],
)
def test_expected_type(kind: str, wanted: str) -> None:
    assert expected_type(kind) == wanted
