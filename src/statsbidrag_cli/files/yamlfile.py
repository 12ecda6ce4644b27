"""Strict YAML reading that remembers where every value came from.

PyYAML reads YAML 1.1, where ``0114`` is the octal number 76, ``01`` is 1 and ``no`` is False,
and where a duplicate key silently replaces the first. In a file of amounts and codes each of
these changes a fact without a word, so this reader refuses them instead:

* only plain decimal integers (``35000000``); ``0114`` must be quoted, and ``35_000_000`` is
  refused (YAML 1.1 reads it as a number, YAML 1.2, which editors read, as text);
* only ``true``/``false`` as booleans; ``yes``/``no``/``on``/``off`` must be quoted;
* dates only as ``YYYY-MM-DD``;
* no duplicate keys, no anchors/aliases (no "billion laughs"), no tags beyond the standard ones,
  bounded size and nesting.

It composes the node tree with PyYAML's safe composer and builds the Python values itself, so
that each value's line and column are kept for error messages.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import YamlInputError
from ..i18n import _
from ..models.numbers import MAX_DIGITS
from .text import Location, YamlDocument, read_text

MAX_DEPTH = 40


_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "bool", "null", "float", "timestamp", "seq", "map")
}


def parse_yaml(text: str, path: Path, collect: bool = False) -> YamlDocument:
    """Parse one YAML document strictly; raise :class:`YamlInputError` naming file and line.

    Problems with single values (a code YAML 1.1 reads as a number, ``yes``, a date with a
    time, a duplicate key) are all found in one pass: raised together, or with ``collect``
    kept in the document's ``problems`` for validation to report beside its own."""
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise YamlInputError(
            _("{where}: not valid YAML: {value}").format(where=where, value=error.problem or error)
        ) from None
    except yaml.YAMLError as error:
        raise YamlInputError(
            _("{path}: not valid YAML: {error}").format(path=path, error=error)
        ) from None
    except RecursionError:
        raise YamlInputError(_("{path}: nesting is too deep").format(path=path)) from None
    if root is None:
        raise YamlInputError(_("{path}: the file is empty").format(path=path))
    builder = _Builder(path)
    data = builder.build(root, ())
    document = YamlDocument(path=path, data=data, marks=builder.marks, problems=builder.problems)
    if builder.problems and not collect:
        first, *rest = document.problem_lines()
        raise YamlInputError(first, rest)
    return document


def read_yaml(path: Path) -> YamlDocument:
    """Read and strictly parse the YAML file at ``path``."""
    return parse_yaml(read_text(path), path)


class _Builder:
    """Turns a composed node tree into Python values, refusing ambiguous YAML 1.1 forms."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.marks: dict[Location, tuple[int, int]] = {}
        self.problems: dict[Location, str] = {}
        self._seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> YamlInputError:
        mark = node.start_mark
        return YamlInputError(
            _("{path}:{value}:{value2}: {message}").format(
                path=self.path, value=mark.line + 1, value2=mark.column + 1, message=message
            )
        )

    def build(self, node: yaml.Node, location: Location) -> Any:
        if id(node) in self._seen:
            raise self.fail(node, _("anchors and aliases (&, *) are not allowed; write values out"))
        self._seen.add(id(node))
        if len(location) > MAX_DEPTH:
            raise self.fail(node, _("nesting deeper than {levels} levels").format(levels=MAX_DEPTH))
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(node, _("the tag {tag!r} is not allowed").format(tag=node.tag))
        self.marks[location] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        try:
            return self._scalar(node)
        except YamlInputError as problem:  # noted; the raw text stands in for the value
            self.problems[location] = problem.message
            return node.value

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _tag("str"):
                raise self.fail(
                    key_node, _("keys must be plain text (quote keys such as 01 or yes)")
                )
            key = key_node.value
            if key in first_seen:
                first_line = first_seen[key].start_mark.line + 1
                problem = self.fail(
                    key_node,
                    _("duplicate key {key!r} (first given on line {first_line})").format(
                        key=key, first_line=first_line
                    ),
                )
                self.problems[(*location, f"{key} (again)")] = problem.message
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, (*location, key))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if tag == _tag("str"):
            return value
        if tag == _tag("null"):
            return None
        if tag == _tag("int"):
            if not _PLAIN_INT.fullmatch(value):
                raise self.fail(
                    node,
                    _(
                        "{value!r} is read as a number in YAML 1.1 (e.g. 0114 is octal "
                        "76); quote it ('{value}') if it is a code, or write a plain "
                        "decimal integer"
                    ).format(value=value),
                )
            if "_" in value:
                raise self.fail(
                    node,
                    _(
                        "{value!r} is a number in YAML 1.1 but text in YAML 1.2, which editors "
                        "read; write {plain}"
                    ).format(value=value, plain=value.replace("_", "")),
                )
            digits = value.lstrip("+-")
            if len(digits) > MAX_DIGITS:
                raise self.fail(
                    node,
                    _(
                        "a number of {count} digits; the largest accepted is 999 999 999 "
                        "999 999 ({digits} digits)"
                    ).format(count=len(digits), digits=MAX_DIGITS),
                )
            return int(value)
        if tag == _tag("bool"):
            if value not in ("true", "false"):
                raise self.fail(
                    node,
                    _(
                        "{value!r} is read as a boolean in YAML 1.1; write true or "
                        "false, or quote it ('{value}') if it is text"
                    ).format(value=value),
                )
            return value == "true"
        if tag == _tag("float"):
            return _parse_float(value)
        if tag == _tag("timestamp"):
            if not _ISO_DATE.fullmatch(value):
                raise self.fail(
                    node,
                    _("{value!r}: write dates as YYYY-MM-DD, without a time").format(value=value),
                )
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise self.fail(
                    node, _("{value!r} is not a real date").format(value=value)
                ) from None
        raise self.fail(
            node, _("unsupported value {value!r}").format(value=value)
        )  # pragma: no cover


def _tag(name: str) -> str:
    return "tag:yaml.org,2002:" + name


def _parse_float(value: str) -> float:
    """Floats are kept as floats so that validation can say 'an integer was expected'."""
    cleaned = value.replace("_", "").lower()
    if cleaned in (".inf", "+.inf", "-.inf", ".nan"):
        return float(cleaned.replace(".", ""))
    try:
        return float(cleaned)
    except ValueError:
        return float("nan")
