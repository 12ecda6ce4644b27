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
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from ...errors import YamlInputError
from ...i18n import _
from ...models.numbers import MAX_DIGITS
from .text import Location, YamlDocument, is_placeholder, placeholder_hint, read_text

MAX_DEPTH = 40


_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_STANDARD_TAGS = {
    _TAG + name for name in ("str", "int", "bool", "null", "float", "timestamp", "seq", "map")
}
_PLAIN_TAGS: dict[str, str] = {}
"""The tag YAML 1.1 gives each plain scalar already seen (``35000000`` int, ``no`` bool),
shared by every file a run reads: a folder of decisions repeats its keys and most values."""
_PLAIN_TAGS_MAX = 4096
"""Bound of :data:`_PLAIN_TAGS`: the keys and common values of a folder come first; a value
first seen later (a diarienummer of its own) is resolved each time, and memory stays flat."""
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader (libyaml's where installed), resolving a plain scalar's tag once
    per distinct value rather than by every resolver's regular expression on every node: the
    same tags, at a fraction of the cost (the generic resolver was 40 % of composing)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR  # quoted or block text: a string, as the generic resolver says
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = str(super().resolve(kind, value, implicit))
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _MAP if kind is yaml.MappingNode else _SEQ

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers are registered: nothing to track."""


def parse_yaml(text: str, path: Path, collect: bool = False) -> YamlDocument:
    """Parse one YAML document strictly; raise :class:`YamlInputError` naming file and line.

    Problems with single values (a code YAML 1.1 reads as a number, ``yes``, a date with a
    time, a duplicate key) are all found in one pass: raised together, or with ``collect``
    kept in the document's ``problems`` for validation to report beside its own. Where each
    value stands is read from the node tree when asked (:class:`NodeMarks`), not recorded for
    every value."""
    try:
        root = yaml.compose(text, Loader=_Loader)
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
    data = builder.build(root, 0)
    problems, placeholders = builder.located(root)
    document = YamlDocument(
        path=path,
        data=data,
        marks=NodeMarks(root),
        problems=problems,
        placeholders=placeholders,
    )
    if problems and not collect:
        first, *rest = document.problem_lines()
        raise YamlInputError(first, rest)
    return document


def read_yaml(path: Path) -> YamlDocument:
    """Read and strictly parse the YAML file at ``path``."""
    return parse_yaml(read_text(path), path)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    """The node at ``part`` (a key of a mapping, an index of a sequence) under ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:  # the first of a duplicate key, as built
            if key_node.value == part:
                return value_node  # type: ignore[no-any-return]
    elif isinstance(node, yaml.SequenceNode) and type(part) is int and 0 <= part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def _walk(node: yaml.Node, location: Location) -> Iterator[tuple[Location, yaml.Node]]:
    """Every (location, node) under ``node``, as the builder built them (a duplicate key's
    second value left out)."""
    yield location, node
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.value not in seen:
                seen.add(key_node.value)
                yield from _walk(value_node, (*location, key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*location, index))


class NodeMarks(Mapping[Location, tuple[int, int]]):
    """The (line, column) of every value, by its path in the data, read from the composed
    node tree when asked: a check locates its few findings by walking down to them, and only
    a cache entry, which keeps them all, lists them all."""

    def __init__(self, root: yaml.Node) -> None:
        self._root = root

    def __getitem__(self, location: Location) -> tuple[int, int]:
        node: yaml.Node | None = self._root
        for part in location:
            node = _child(node, part) if node is not None else None
        if node is None:
            raise KeyError(location)
        return _mark(node)

    def nearest(self, location: Location) -> tuple[int, int]:
        """The mark of the value at ``location``, or of its nearest parent: one walk down."""
        node: yaml.Node = self._root
        for part in location:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return _mark(node)

    def __iter__(self) -> Iterator[Location]:
        return (location for location, _node in _walk(self._root, ()))

    def items(self) -> list[tuple[Location, tuple[int, int]]]:  # type: ignore[override]
        """Every (location, mark), in one walk of the tree."""
        return [(location, _mark(node)) for location, node in _walk(self._root, ())]

    def __len__(self) -> int:
        return sum(1 for _ in _walk(self._root, ()))


class _Builder:
    """Turns a composed node tree into Python values, refusing ambiguous YAML 1.1 forms.

    Nothing is recorded per value on the way: a problem or a placeholder is kept with its node,
    and its path in the data is found afterwards (:meth:`located`), only when there is one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._problems: list[tuple[yaml.Node, str | None, str]] = []
        """(node, the duplicate key or None, message), in the order found."""
        self._placeholders: list[yaml.Node] = []
        self._seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> YamlInputError:
        mark = node.start_mark
        return YamlInputError(
            _("{path}:{value}:{value2}: {message}").format(
                path=self.path, value=mark.line + 1, value2=mark.column + 1, message=message
            )
        )

    def build(self, node: yaml.Node, depth: int) -> Any:
        if id(node) in self._seen:
            raise self.fail(node, _("anchors and aliases (&, *) are not allowed; write values out"))
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self.fail(node, _("nesting deeper than {levels} levels").format(levels=MAX_DEPTH))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR:
                value: str = node.value
                if is_placeholder(value):
                    self._placeholders.append(node)
                return value
            if tag not in _STANDARD_TAGS:
                raise self.fail(node, _("the tag {tag!r} is not allowed").format(tag=tag))
            try:
                return self._scalar(node)
            except YamlInputError as problem:  # noted; the raw text stands in for the value
                self._problems.append((node, None, problem.message))
                return node.value
        if tag not in _STANDARD_TAGS:
            raise self.fail(node, _("the tag {tag!r} is not allowed").format(tag=tag))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth + 1)
        return [self.build(item, depth + 1) for item in node.value]

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
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
                self._problems.append((node, key, problem.message))
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, depth)
        return result

    def located(self, root: yaml.Node) -> tuple[dict[Location, str], dict[Location, str]]:
        """The problems and the placeholders (with what each asks for), by their path in the
        data: one walk of the tree, and only when there is something to place."""
        if not self._problems and not self._placeholders:
            return {}, {}
        where = {id(node): location for location, node in _walk(root, ())}
        problems: dict[Location, str] = {}
        for node, duplicate, message in self._problems:
            location = where[id(node)]
            problems[location if duplicate is None else (*location, f"{duplicate} (again)")] = (
                message
            )
        placeholders = {
            where[id(node)]: placeholder_hint(node.value) for node in self._placeholders
        }
        return problems, placeholders

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """A scalar that is not a string (those :meth:`build` returns itself)."""
        value: str = node.value
        tag = node.tag
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
    return _TAG + name


def _parse_float(value: str) -> float:
    """Floats are kept as floats so that validation can say 'an integer was expected'."""
    cleaned = value.replace("_", "").lower()
    if cleaned in (".inf", "+.inf", "-.inf", ".nan"):
        return float(cleaned.replace(".", ""))
    try:
        return float(cleaned)
    except ValueError:
        return float("nan")
