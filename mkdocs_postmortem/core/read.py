"""Safe YAML reading for untrusted postmortems, and line lookup for the files that have problems.

Only the safe constructors are used (no Python object tags), with libyaml's C parser when it is
installed. Scalars resolve close to YAML 1.2: dates and times stay the strings the author wrote
(the schema checks them), ``18:05`` is not the base-60 integer 1085, and ``no``/``on`` are not
booleans. Line marks are composed only for a file that has problems, because composing every
file costs about twice as much as loading it.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is ten times faster than the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_VALUES = 200_000
"""What any document may expand to, in values and characters of text, besides ``TEXT_FACTOR``
times its own length."""
TEXT_FACTOR = 2
"""A document costs one per list or mapping entry plus the length of every string, keys
included, each time it is used: written out, that is at most its own length (a value takes at
least a character besides its text, and no string is longer than it is written). Twice the
length, plus ``MAX_VALUES``, leaves aliases of names and labels room; only anchors and aliases
go beyond, and what they add is what the pages would repeat."""
MAX_DIGITS = 1_000
"""Longest integer a document may hold, in digits, refused as it is read: Python refuses to
convert more than 4,300 (a ValueError out of the parser, not a YAML error) and converts in
quadratic time up to there. Below it, what a field allows is said by the field (a figure has
at most 15 digits); a number is converted to a float only once its size is checked."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists; the schema's deepest field is under ten levels."""


class PostmortemLoader(_BaseLoader):
    """Safe loader with YAML 1.2-like implicit types and duplicate-key detection."""

    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML keeps this table on the class

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, yaml.Mark]] = []
        self.refused: list[Refused] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    self.duplicate_keys.append((key_node.value, key_node.start_mark))
                seen.add(key_node.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_str(self, node: yaml.ScalarNode) -> str:
        """Keys and short values repeat across a whole archive (``time``, ``event``, ``SEV2``,
        a service or an owner): one string object each, not one per occurrence, which was
        about a third of the memory the loaded postmortems took."""
        value: str = super().construct_yaml_str(node)
        return sys.intern(value) if len(value) <= _INTERNED else value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """An integer as YAML 1.2 writes it (``1_000``, ``-0x1F``, ``0o17``), converted only
        when it has at most ``MAX_DIGITS`` digits: Python refuses to convert more than 4,300
        (a ValueError, not a YAML error) and works quadratically up to there. Prefixes without
        digits (``0x_``) are the text they are."""
        text: str = self.construct_scalar(node)
        value = text.replace("_", "")
        sign = -1 if value[:1] == "-" else 1
        value = value.lstrip("+-")
        base = {"0b": 2, "0o": 8, "0x": 16}.get(value[:2].lower(), 10)
        digits = value[2:] if base != 10 else value
        if not digits:
            return text
        if len(digits) > MAX_DIGITS:
            return self._refuse(
                node,
                f"{len(digits):,} digits; a number in a postmortem has at most {MAX_DIGITS:,} "
                "(write a longer identifier in quotes, as text)",
            )
        return sign * int(digits, base)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        """A float, refused when it overflows (``1e400`` is not infinity, as Python reads it)."""
        value: float = super().construct_yaml_float(node)
        text = str(node.value).lower()
        if math.isinf(value) and ".inf" not in text:
            return self._refuse(
                node,
                f"{_shortened(node.value)} is beyond the largest number a postmortem can hold "
                "(about 1.8e308); write it as text",
            )
        return value

    def _refuse(self, node: yaml.Node, message: str) -> Refused:
        refused = Refused(message, node.start_mark)
        self.refused.append(refused)
        return refused


@dataclass(frozen=True, eq=False)
class Refused:
    """A scalar the loader would not convert, kept in its place until the document is read, so
    that the problem names its field."""

    message: str
    mark: yaml.Mark


def _shortened(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}...{text[-10:]}"


_INTERNED = 48
"""The longest value kept once for all its occurrences: names, ids and labels, not prose."""
PostmortemLoader.add_constructor("tag:yaml.org,2002:str", PostmortemLoader.construct_yaml_str)
PostmortemLoader.add_constructor("tag:yaml.org,2002:int", PostmortemLoader.construct_yaml_int)
PostmortemLoader.add_constructor("tag:yaml.org,2002:float", PostmortemLoader.construct_yaml_float)


for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?0b[0-1_]+|[-+]?0o[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    PostmortemLoader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


def _refuse(loader: PostmortemLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark
    )


# Values a postmortem never holds, which JSON, the schema validators and the pages cannot take.
for _tag in ("binary", "set", "timestamp", "omap", "pairs"):
    PostmortemLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse)


class DocumentError(Exception):
    """A file that could not be read as one YAML mapping; carries a 1-based position.
    ``unparsed``: its text could not be decoded or parsed (a syntax error, a character YAML
    refuses), as opposed to a document that was read and refused (empty, a list, too large, an
    object tag). ``path``: the field it concerns, when it is one value (a number too long)."""

    def __init__(
        self,
        message: str,
        line: int = 1,
        column: int = 1,
        *,
        unparsed: bool = False,
        path: tuple[str | int, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.unparsed = unparsed
        self.path = path


@dataclass
class ParsedDocument:
    data: dict[str, Any]
    duplicate_keys: list[tuple[str, int, int]] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is allowed); anything else is a DocumentError at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise DocumentError(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            line,
            column,
            unparsed=True,
        ) from None


def parse(text: str) -> ParsedDocument:
    """Parse one postmortem document; every failure becomes a DocumentError with a position."""
    loader = PostmortemLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise DocumentError(
            f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason}); "
            "remove it or write it as an escape in a double-quoted string",
            line,
            column,
            unparsed=True,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DocumentError(f"YAML error: {exc}", line, column, unparsed=True) from None
    except RecursionError:
        raise DocumentError("YAML is nested too deeply", unparsed=True) from None
    finally:
        loader.dispose()
    if loader.refused:
        _check_expansion(data, len(text))  # the walk that names the field is bounded too
        raise _refusal(data, loader.refused[0])
    if data is None:
        raise DocumentError(
            "file is empty: expected a mapping with at least id, title, date, severity, "
            "status and summary"
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({yaml_type_name(data)})"
        raise DocumentError(f"the top level must be a mapping of fields, found {kind}")
    _check_expansion(data, len(text))
    duplicates = [(key, mark.line + 1, mark.column + 1) for key, mark in loader.duplicate_keys]
    return ParsedDocument(data=data, duplicate_keys=duplicates)


def _marked_error(exc: yaml.MarkedYAMLError) -> DocumentError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "expected a single document" in str(exc.context or ""):
        return DocumentError(
            "a postmortem file holds one YAML document, but a second one starts here "
            "(remove the '---' separator or split the file)",
            line,
            column,
            unparsed=True,
        )
    if "could not determine a constructor" in (problem or ""):
        return DocumentError(
            "YAML tags that construct objects are not allowed: "
            + problem.split("tag ")[-1].replace("tag:yaml.org,2002:", "!!"),
            line,
            column,
        )  # read, and refused: an object tag is an attack, not a slip to preview
    context = f" ({exc.context})" if exc.context else ""
    return DocumentError(f"YAML syntax error: {problem}{context}", line, column, unparsed=True)


def _check_expansion(data: Any, length: int) -> None:
    """Refuse documents that anchors and aliases blow up (billion laughs, self-references, a
    long text repeated), and values nested deeper than any postmortem needs (recursive code
    downstream, such as validation and copying, must never meet a document deeper than the
    interpreter's stack). The work of every later stage follows the ``expanded_size``, which a
    document written out cannot make more than its ``length``."""
    budget = MAX_VALUES + TEXT_FACTOR * length
    if expanded_size(data, budget) > budget:
        raise DocumentError(
            f"document expands to more than {budget:,} values and characters through "
            f"anchors and aliases ({MAX_VALUES:,} plus twice the file's {length:,} "
            "characters); write the values out instead"
        )


def expanded_size(data: Any, limit: int) -> int:
    """One per list or mapping entry plus the length of every string, keys included, each
    time it is used; counting stops past ``limit``. DocumentError for values nested more than
    ``MAX_DEPTH`` levels."""
    size = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack and size <= limit:
        value, depth = stack.pop()
        if isinstance(value, str):
            size += len(value)
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise DocumentError(
                    f"values are nested more than {MAX_DEPTH} levels deep; no postmortem field "
                    "needs that"
                )
            size += len(value)
            if isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str):
                        size += len(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)
    return size


def _refusal(data: Any, refused: Refused) -> DocumentError:
    """The DocumentError of a refused scalar, at its line and naming its field."""
    path: tuple[str | int, ...] = ()
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        where, value = stack.pop()
        if value is refused:
            path = where
            break
        if isinstance(value, dict):
            stack.extend(((*where, str(k)), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*where, i), v) for i, v in enumerate(value))
    mark = refused.mark
    return DocumentError(refused.message, mark.line + 1, mark.column + 1, path=path)


TYPE_WORDS: dict[str, tuple[str, str]] = {
    "null": ("null", "null"),
    "boolean": ("a boolean", "true or false"),
    "integer": ("an integer", "an integer"),
    "number": ("a number", "a number"),
    "string": ("a string", "a string"),
    "array": ("a list", "a list"),
    "object": ("a mapping", "a mapping"),
}
"""JSON Schema type -> (what a YAML value of it is called, what a message asks for): the one
table of YAML words for messages an author understands."""


def yaml_type_name(value: Any) -> str:
    """The YAML word for a loaded value: ``a list``, ``a boolean``, ``null``..."""
    if value is None:
        kind = "null"
    elif isinstance(value, bool):
        kind = "boolean"
    elif isinstance(value, int):
        kind = "integer"
    elif isinstance(value, float):
        kind = "number"
    elif isinstance(value, str):
        kind = "string"
    elif isinstance(value, list):
        kind = "array"
    elif isinstance(value, dict):
        kind = "object"
    else:
        return type(value).__name__
    return TYPE_WORDS[kind][0]


def expected_type(kind: str) -> str:
    """What a message asks for when the schema wants ``kind``: ``a list``, ``true or false``..."""
    return TYPE_WORDS[kind][1] if kind in TYPE_WORDS else "a value"


class LineMap:
    """Positions of values in one file, composed lazily for files that have problems."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=PostmortemLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def release(self) -> None:
        """Let go of the text of a file that needed no position: a large archive holds every
        file's text otherwise. A position asked for later is the file's start (1:1)."""
        if not self._composed:
            self._text = ""
            self._composed = True

    def where(
        self, path: tuple[str | int, ...] | list[str | int], key: bool = False
    ) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path`` (or of its key, with ``key``);
        of the nearest existing parent when the path does not exist (a missing field)."""
        node = self._compose()
        if node is None:
            return 1, 1
        mark = node.start_mark
        last = len(path) - 1
        for depth, part in enumerate(path):
            child: yaml.Node | None = None
            key_node: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        key_node, child = k, v
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
            if child is None:
                break
            node = child
            use_key = key and key_node is not None and depth == last
            mark = key_node.start_mark if use_key and key_node is not None else child.start_mark
        return mark.line + 1, mark.column + 1
