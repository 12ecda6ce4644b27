"""Turn parsed YAML into validated models, with errors that point into the file."""

from __future__ import annotations

from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ...errors import InvalidFileError, StatsbidragError
from ...i18n import N_, _, ngettext
from .text import Location, YamlDocument, is_placeholder

Model = TypeVar("Model", bound=BaseModel)


def validate_built(model: type[Model], data: Any, message: str) -> Model:
    """``data`` the tool built itself (a what-if's decision, a dataset's description before it
    is written) as ``model``, or one error of ``message`` (a text with ``{field}`` and
    ``{problem}``) naming the first field at fault: such data has no file and line."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise StatsbidragError(message.format(field=field, problem=first["msg"])) from None


def validate_document(document: YamlDocument, model: type[Model], what: str) -> Model:
    """Validate ``document.data`` as ``model``; on failure list every problem, one per field.

    Each line reads ``file:line:column: field.path: message`` so an editor can jump to it.
    """
    placeholders = document.placeholders  # found by the reader, with what each asks for
    details = document.problem_lines() + [
        f"{document.where(location)}: {'.'.join(map(str, location))}: "
        + _("fill in {what}").format(what=hint)
        for location, hint in placeholders.items()
    ]
    validated: Model | None = None
    try:
        validated = model.model_validate(document.data)
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            location = _data_location(document.data, tuple(problem["loc"]))
            if location in placeholders or location in document.problems:
                continue  # already reported, as "fill in" or by the YAML reader
            given = problem.get("input")
            if isinstance(given, str) and is_placeholder(given):
                continue  # a value derived from a placeholder (a share's amount): the same

            if "literal['all']" in problem["loc"]:
                continue  # the other branch of a union (recipients: all)
            if problem["type"] == "union_tag_invalid":
                location = (*location, "kind")
            field_path = ".".join(str(part) for part in location) or _("(top level)")
            message = _advice(problem)
            if problem["type"] == "extra_forbidden":
                message = _("unknown field") + _did_you_mean(location, model, document.data)
            elif problem["type"] == "missing":
                message = _("missing required field")
            details.append(f"{document.where(location)}: {field_path}: {message}")
    if details or validated is None:
        details = details or [
            _("{path}: the values do not fit the format").format(path=document.path)
        ]
        raise InvalidFileError(
            ngettext(
                "{path}: not a valid {what} ({count} problem)",
                "{path}: not a valid {what} ({count} problems)",
                len(details),
            ).format(path=document.path, what=what, count=len(details)),
            details,
        ) from None
    return validated


def _data_location(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Pydantic's error location, less the parts that are not in the data.

    A discriminated union adds the tag (``components.0.equal.amount``); dropping the parts that
    do not exist in the data gives the path as the user wrote it (``components.0.amount``).
    """
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        is_tag = isinstance(current, dict) and current.get("kind") == part
        if is_tag and index + 1 < len(loc):
            continue  # the union's tag (kind: population), even where a field has its name
        if _has(current, part):
            current = current[part]
        elif not (isinstance(current, (dict, list)) and part == loc[-1]):
            continue  # a discriminator tag, not in the data
        # else: a missing key at the end; keep it, it names what is missing
        path.append(part)
    return tuple(path)


def _has(container: Any, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _did_you_mean(location: Location, model: type[BaseModel], data: Any) -> str:
    """A hint naming the closest field of the model that holds the misspelt key (the
    component's, the funding line's, …), never the key itself."""
    from difflib import get_close_matches

    key = str(location[-1])
    holder = _model_at(model, location[:-1], data)
    known = sorted(set(holder.model_fields) - {key}) if holder else []
    matches = get_close_matches(key, known, n=1)
    return " " + _("(did you mean {name!r}?)").format(name=matches[0]) if matches else ""


def _model_at(model: type[BaseModel], location: Location, data: Any) -> type[BaseModel] | None:
    """The model that describes the mapping at ``location`` of ``data``."""
    current: Any = model
    value = data
    for part in location:
        if isinstance(part, int):
            current = _element(current, value[part] if isinstance(value, list) else None)
        else:
            fields = getattr(current, "model_fields", {})
            if part not in fields:
                return None
            current = fields[part].annotation
        value = value[part] if _has(value, part) else None
        current = _choose(current, value)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _element(annotation: Any, value: Any) -> Any:
    """The type of a list's elements (for a union of kinds, the one the value's kind names)."""
    for option in _options(annotation):
        args = get_args(option)
        if get_origin(option) is list and args:
            return _choose(args[0], value)
    return annotation


def _choose(annotation: Any, value: Any) -> Any:
    """Of a union (or Annotated union), the model a mapping ``value`` is meant to be."""
    options = [o for o in _options(annotation) if isinstance(o, type) and issubclass(o, BaseModel)]
    if len(options) == 1:
        return options[0]
    kind = value.get("kind") if isinstance(value, dict) else None
    for option in options:
        field = option.model_fields.get("kind")
        if field is not None and kind in get_args(field.annotation):
            return option
    lists = [o for o in _options(annotation) if get_origin(o) is list]
    return lists[0] if lists else annotation


def _options(annotation: Any) -> list[Any]:
    """The alternatives of a (possibly Annotated, possibly optional) type."""
    if get_origin(annotation) is Annotated:
        return _options(get_args(annotation)[0])
    args = get_args(annotation)
    if args and get_origin(annotation) in (Union, UnionType):
        return [option for arg in args for option in _options(arg)]
    return [annotation]


_CODE_FIELDS = ("code", "codes", "recipient", "recipients", "counties", "kommuner", "payees")


def _advice(problem: Any) -> str:
    """Pydantic's message turned into advice an author can act on."""
    kind, given, message = problem["type"], problem.get("input"), str(problem["msg"])
    context = problem.get("ctx", {})
    names = [part for part in problem["loc"] if isinstance(part, str)]
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return _("write a date as YYYY-MM-DD (e.g. 2027-03-31), not {given!r}").format(given=given)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _(
            "write a plain whole number (amounts as 42000000, no spaces, underscores or "
            "decimals), not {given!r}"
        ).format(given=given)
    if kind == "string_type" and isinstance(given, int) and any(n in _CODE_FIELDS for n in names):
        return _('codes are quoted text: write "{quoted}", not {given}').format(
            quoted=f"{given:02d}", given=given
        )
    if kind == "string_pattern_mismatch" and any(n in _CODE_FIELDS for n in names):
        return _(
            "{given!r} is not a code: a county code has 2 digits, a kommun code 4, quoted (e.g. "
            '"01", "0114")'
        ).format(given=given)
    if kind == "union_tag_invalid":
        from difflib import get_close_matches

        expected, tag = str(context.get("expected_tags", "")), str(context.get("tag", ""))
        close = get_close_matches(tag, [t.strip(" '") for t in expected.split(",")], n=1)
        hint = " " + _("(did you mean {name!r}?)").format(name=close[0]) if close else ""
        message = _("kind must be one of {expected}, not {tag!r}")
        return message.format(expected=expected, tag=tag) + hint
    if kind == "literal_error":
        return _("must be one of {expected}, not {given!r}").format(
            expected=context.get("expected", ""), given=given
        )
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind in PYDANTIC_MESSAGES:
        return _(PYDANTIC_MESSAGES[kind]).format(given=given, **context)
    return message


PYDANTIC_MESSAGES = {
    "greater_than": N_("must be greater than {gt}, not {given!r}"),
    "greater_than_equal": N_("must be at least {ge}, not {given!r}"),
    "less_than": N_("must be less than {lt}, not {given!r}"),
    "less_than_equal": N_("must be at most {le}, not {given!r}"),
    "string_type": N_("must be text, not {given!r}"),
    "string_too_short": N_("must not be empty"),
    "string_pattern_mismatch": N_("{given!r} does not have the expected form"),
    "list_type": N_("must be a list, not {given!r}"),
    "dict_type": N_("must be a mapping of fields, not {given!r}"),
    "model_type": N_("must be a mapping of fields, not {given!r}"),
    "model_attributes_type": N_("must be a mapping of fields, not {given!r}"),
    "bool_type": N_("must be true or false, not {given!r}"),
    "bool_parsing": N_("must be true or false, not {given!r}"),
    "too_short": N_("needs at least {min_length} entries"),
    "too_long": N_("takes at most {max_length} entries"),
    "enum": N_("must be one of {expected}, not {given!r}"),
}
"""Pydantic's other messages in the run's language, by error type (with its context)."""
