"""Turn parsed YAML into validated models, with errors that point into the file."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InvalidFileError
from .text import YamlDocument

Model = TypeVar("Model", bound=BaseModel)


def validate_document(document: YamlDocument, model: type[Model], what: str) -> Model:
    """Validate ``document.data`` as ``model``; on failure list every problem, one per field.

    Each line reads ``file:line:column: field.path: message`` so an editor can jump to it.
    """
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        details = []
        for problem in error.errors(include_url=False):
            location = _data_location(document.data, tuple(problem["loc"]))
            field_path = ".".join(str(part) for part in location) or "(top level)"
            message = problem["msg"]
            if problem["type"] == "extra_forbidden":
                message = "unknown field" + _did_you_mean(str(location[-1]), model)
            elif problem["type"] == "missing":
                message = "missing required field"
            details.append(f"{document.where(location)}: {field_path}: {message}")
        raise InvalidFileError(
            f"{document.path}: not a valid {what} ({len(details)} problem(s))", details
        ) from None


def _data_location(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Pydantic's error location, less the parts that are not in the data.

    A discriminated union adds the tag (``components.0.equal.amount``); dropping the parts that
    do not exist in the data gives the path as the user wrote it (``components.0.amount``).
    """
    path: list[str | int] = []
    current = data
    for part in loc:
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


def _did_you_mean(key: str, model: type[BaseModel]) -> str:
    """A hint naming the closest field the format knows, for a misspelt key."""
    from difflib import get_close_matches

    schema = model.model_json_schema()
    known: set[str] = set(schema.get("properties", {}))
    for definition in schema.get("$defs", {}).values():
        known |= set(definition.get("properties", {}))
    matches = get_close_matches(key, sorted(known), n=1)
    return f" (did you mean {matches[0]!r}?)" if matches else ""
