"""Stage 2, validate: raw records → typed records, every schema problem a diagnostic."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from build_scripts import kinds, schema, textcheck
from build_scripts.diagnostics import Report, printable
from build_scripts.load import Source, Unreadable

M = TypeVar("M", bound=BaseModel)
ID_FIELDS = {"id", "target", "source", "claimant", "article", "claim", "outlet", "author", "subjects",
             "reported_by", "claims", "related", "former_ids", "event", "places", "parties", "parent"}


@dataclass(frozen=True)
class Checked(Generic[M]):
    """A typed record and the file it came from."""

    source: Source
    record: M


@dataclass
class Validated:
    """The typed records of each kind, in the attribute named like the kind's section."""

    articles: list[Checked[schema.ArticleMeta]] = field(default_factory=list)
    actors: list[Checked[schema.Actor]] = field(default_factory=list)
    claims: list[Checked[schema.ClaimsFile]] = field(default_factory=list)
    disputes: list[Checked[schema.Dispute]] = field(default_factory=list)
    places: list[Checked[schema.Place]] = field(default_factory=list)
    events: list[Checked[schema.Event]] = field(default_factory=list)
    # Ids that exist in a file that failed validation, by kind: references to them are not
    # reported again as unknown, since the file's own diagnostic already explains them.
    broken: dict[str, set[str]] = field(default_factory=lambda: {kind.name: set() for kind in kinds.KINDS})
    # Every string in claims and dispute files that failed: claims they may name.
    failed_mentions: set[str] = field(default_factory=set)
    # The files that could not be loaded at all (load.Unreadable), their records' ids in `broken`.
    unreadable: list[Unreadable] = field(default_factory=list)


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _remember_broken(result: Validated, source: Source) -> None:
    """Note the ids a file that failed defines: the id it holds and, since a file is known by
    its name, the one its file name gives (a claims file's name is its article's id)."""
    data = source.data if isinstance(source.data, dict) else {}
    kind = kinds.BY_FILE_KIND[source.kind]
    broken = result.broken[kind.name]
    if kind.per_file:
        for record in data.get(kind.per_file) or []:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                broken.add(record["id"])
    else:
        broken.add(PurePosixPath(source.path).stem)
        if isinstance(data.get("id"), str):
            broken.add(data["id"])
    if kind in (kinds.CLAIM, kinds.DISPUTE):
        result.failed_mentions |= _strings(data)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that owns the last key of `loc`, to list the keys allowed there."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return None
        annotation = fields[part].annotation
        current = _inner_model(annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _loc_text(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "file"


def report_validation_error(source: Source, model: type[BaseModel], error: ValidationError, report: Report) -> None:
    for item in error.errors(include_url=False):
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith(("function-", "literal["))))
        kind = item["type"]
        field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        where = _loc_text(loc)
        if kind == "extra_forbidden":
            owner = _model_at(model, loc)
            allowed = sorted(owner.model_fields) if owner else []
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            hint += f"Allowed keys here: {', '.join(allowed)}." if allowed else "Remove it."
            report.add(source.key_pos(loc), "SCHEMA001",
                       f"unknown key '{printable(str(loc[-1]))}' in {printable(_loc_text(loc[:-1]))}", hint)
        elif kind == "missing":
            owner = _model_at(model, loc)
            nullable = False
            if owner is not None and loc and loc[-1] in owner.model_fields:
                nullable = type(None) in getattr(owner.model_fields[loc[-1]].annotation, "__args__", ())
            hint = (f"Add '{loc[-1]}: null' if the text does not give it, or the value if it does."
                    if nullable else f"Add '{loc[-1]}:' with a value; see annotations/README.md.")
            report.add(source.pos(loc[:-1]), "SCHEMA002",
                       f"missing required key '{loc[-1]}' in {_loc_text(loc[:-1])}", hint)
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            report.add(source.pos(loc), "SCHEMA003", f"{where}: {item['input']!r} is not an allowed value",
                       f"Use one of: {expected.replace(' or ', ', ')} (defined on the methodology page).")
        elif field_name in ("lat", "lon") and kind in {"greater_than_equal", "less_than_equal", "finite_number"}:
            report.add(source.pos(loc), "GEO001", f"{where}: {item['input']!r} is out of range",
                       "Latitude is -90 to 90 and longitude -180 to 180, in decimal degrees (Idlib: lat 35.93, "
                       "lon 36.63); check that they are not swapped.")
        elif kind == "string_pattern_mismatch" and field_name in ID_FIELDS:
            report.add(source.pos(loc), "ID003", f"{where}: {item['input']!r} is not a valid id",
                       "Ids are lowercase slugs: a-z, 0-9 and single hyphens, e.g. 'hayat-tahrir-al-sham'.")
        elif kind == "reserved_id":
            report.add(source.pos(loc), "ID003", f"{where}: {item['input']!r} is reserved and cannot be an id",
                       f"{schema.reserved_reason(item['input'])}; choose another id.")
        elif kind == "string_pattern_mismatch" and "date" in [str(p) for p in loc]:
            report.add(source.pos(loc), "DATE001", f"{where}: {item['input']!r} is not a date",
                       "Write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' in quotes, e.g. \"2020-01-23\".")
        elif kind in {"value_error", "assertion_error"}:
            message = str(item.get("ctx", {}).get("error", item["msg"]))
            code = ("DATE001" if "date" in where or "day is out of range" in message or "month must be" in message
                    else "SCHEMA003")
            report.add(source.pos(loc), code, f"{where}: {message}", _value_hint(code))
        else:
            shown = item.get("input")
            shown = repr(shown) if isinstance(shown, str) else type(shown).__name__
            msg = item["msg"][:1].lower() + item["msg"][1:]
            report.add(source.pos(loc), "SCHEMA003", f"{where}: {msg} (got {shown})",
                       "See annotations/README.md for the expected form of this key.")


def _value_hint(code: str) -> str:
    if code == "DATE001":
        return "Use a real calendar date in the form 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."
    return "Correct the value as the message says; see annotations/README.md."


def validate(sources: list[Source], report: Report, unreadable: list[Unreadable] = (), memo=None) -> Validated:
    """Check each file against its model and that its id agrees with its file name.

    The records of files that could not even be parsed are known by the ids the loader could
    tell (load.record_ids). With a `memo` (build_scripts.memo), a source checked before gives
    its record and its diagnostics (warnings only: a file with an error is always checked again)."""
    result = Validated(unreadable=list(unreadable))
    for file in unreadable:
        result.broken[kinds.BY_FILE_KIND[file.kind].name].update(file.ids or ())
    buckets = {kind.file_kind: getattr(result, kind.section) for kind in kinds.KINDS}
    for source in sources:
        kept = memo.checked(source) if memo is not None else None
        if kept is not None:
            report.items.extend(kept.diagnostics)
            buckets[source.kind].append(Checked(source, kept.record))
            continue
        first = len(report.items)
        textcheck.report_hidden_characters(source, report)
        kind = kinds.BY_FILE_KIND[source.kind]
        model = kind.model
        if not isinstance(source.data, dict):
            report.add(source.pos(), "SCHEMA004",
                       f"expected a mapping of keys to values, got a {type(source.data).__name__}",
                       "Start the file with 'id:' (or 'article:' for a claims file), as in annotations/README.md.")
            _remember_broken(result, source)
            continue
        try:
            record = model.model_validate(source.data)
        except ValidationError as error:
            report_validation_error(source, model, error, report)
            _remember_broken(result, source)
            continue
        key = kind.file_id
        stem = PurePosixPath(source.path).stem
        value = getattr(record, key)
        if value != stem:
            hint = f"Rename the file to '{value}{PurePosixPath(source.path).suffix}'"
            hint += f" or set {key}: {stem}." if schema.is_valid_id(stem) else "."
            report.add(source.pos((key,)), "ID002", f"{key} '{value}' does not match the file name '{stem}'", hint)
            _remember_broken(result, source)
            continue
        buckets[source.kind].append(Checked(source, record))
        if memo is not None:
            memo.keep(source, record, report.items[first:])
    return result


__all__ = ["ID_FIELDS", "Checked", "Validated", "validate"]
