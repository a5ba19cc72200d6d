"""What differs between two descriptions' operations, and the report: news apart from the
differences kept on purpose (openapi/upstream-known-differences.yaml)."""

from __future__ import annotations

import fnmatch
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from upstream_diff.descriptions import Difference, Fields, InputError, Operation

# -- comparing -------------------------------------------------------------------------------


def compare_fields(name: str, area: str, ours: Fields, theirs: Fields) -> list[Difference]:
    out: list[Difference] = []
    for field in sorted(set(ours) | set(theirs)):
        if field not in theirs:
            out.append(Difference(name, f"{area} field", field, "only here"))
            continue
        if field not in ours:
            out.append(Difference(name, f"{area} field", field, "only in Contio's description"))
            continue
        a, b = ours[field], theirs[field]
        if a["required"] != b["required"]:
            where = "here" if a["required"] else "in Contio's description"
            out.append(Difference(name, f"{area} required", field, f"required only {where}"))
        if a["type"] and b["type"] and a["type"] != b["type"]:
            detail = f"{a['type']} here, {b['type']} there"
            out.append(Difference(name, f"{area} type", field, detail))
        if a["enum"] != b["enum"]:
            out.append(Difference(name, f"{area} enum", field, enum_detail(a["enum"], b["enum"])))
    return out


def enum_detail(ours: frozenset[str] | None, theirs: frozenset[str] | None) -> str:
    if theirs is None:
        return f"enum only here: {', '.join(sorted(ours or ()))}"
    if ours is None:
        return f"enum only in Contio's description: {', '.join(sorted(theirs))}"
    parts = []
    if ours - theirs:
        parts.append(f"only here: {', '.join(sorted(ours - theirs))}")
    if theirs - ours:
        parts.append(f"only in Contio's description: {', '.join(sorted(theirs - ours))}")
    return "; ".join(parts)


def compare(ours: dict[str, Operation], theirs: dict[str, Operation]) -> list[Difference]:
    out: list[Difference] = []
    for name in sorted(set(ours) | set(theirs)):
        if name not in theirs:
            out.append(Difference(name, "operation", "", "only here"))
            continue
        if name not in ours:
            op = theirs[name]
            out.append(
                Difference(
                    name,
                    "operation",
                    "",
                    f"new in Contio's description: {op.method.upper()} {op.path}",
                )
            )
            continue
        a, b = ours[name], theirs[name]
        if (a.method, a.path) != (b.method, b.path):
            out.append(Difference(name, "operation", "path", f"{b.method.upper()} {b.path} there"))
        out += compare_fields(name, "request", a.fields, b.fields)
        for status in sorted(set(a.responses) | set(b.responses)):
            if status not in b.responses:
                out.append(Difference(name, "status", status, "only here"))
            elif status not in a.responses:
                out.append(Difference(name, "status", status, "only in Contio's description"))
            else:
                out += compare_fields(
                    name, f"response {status}", a.responses[status], b.responses[status]
                )
        if a.security != b.security:
            out.append(
                Difference(
                    name,
                    "security",
                    "",
                    f"{', '.join(sorted(a.security)) or 'none'} here, "
                    f"{', '.join(sorted(b.security)) or 'none'} in Contio's description",
                )
            )
    return out


# -- known differences -----------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    id: str
    reason: str
    patterns: tuple[str, ...]  # fnmatch patterns over Difference.key


def load_known(path: Path) -> tuple[list[str], list[Known]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the known differences {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("differences"), list):
        raise InputError(f"{path}: expected a mapping with a `differences` list")
    scope = data.get("scope", ["/"])
    known = []
    for number, entry in enumerate(data["differences"], 1):
        ok = isinstance(entry, dict) and all(
            isinstance(entry.get(k), str) and entry[k].strip() for k in ("id", "reason")
        )
        patterns = entry.get("match") if isinstance(entry, dict) else None
        if isinstance(patterns, str):
            patterns = [patterns]
        if (
            not ok
            or not isinstance(patterns, list)
            or not all(isinstance(p, str) for p in patterns)
        ):
            raise InputError(f"{path}: difference {number} needs an id, a reason and match")
        known.append(Known(entry["id"], " ".join(entry["reason"].split()), tuple(patterns)))
    return [str(s) for s in scope], known


def in_scope(doc: dict[str, Any], scope: list[str]) -> dict[str, Any]:
    paths = {p: item for p, item in doc["paths"].items() if p.startswith(tuple(scope))}
    return {**doc, "paths": paths}


def report(differences: list[Difference], known: list[Known], ops: dict[str, Operation]) -> int:
    explained: dict[Difference, Known] = {}
    used: set[str] = set()
    for diff in differences:
        for entry in known:
            if any(fnmatch.fnmatchcase(diff.key, pattern) for pattern in entry.patterns):
                explained[diff] = entry
                used.add(entry.id)
                break
    news = [d for d in differences if d not in explained]

    def by_operation(items: list[Difference], tag: bool) -> None:
        for name in dict.fromkeys(d.operation for d in items):
            op = ops.get(name)
            print(f"  {name}" + (f"  {op.method.upper()} {op.path}" if op else ""))
            for d in (d for d in items if d.operation == name):
                print(f"    {d.line()}" + (f"  [{explained[d].id}]" if tag else ""))

    print(f"\nNews: {len(news)} undocumented difference(s)")
    by_operation(news, tag=False)
    print(f"\nKnown differences, kept on purpose: {len(explained)}")
    by_operation([d for d in differences if d in explained], tag=True)
    if used:
        print("\nReasons:")
    for entry in known:
        if entry.id in used:
            print(
                textwrap.fill(
                    f"[{entry.id}] {entry.reason}",
                    100,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
            )
    stale = [entry.id for entry in known if entry.id not in used]
    if stale:
        print(f"\nKnown differences not seen any more (the file may drop them): {', '.join(stale)}")
    return 1 if news else 0
