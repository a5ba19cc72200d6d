"""Contio's description and ours read into what upstream-diff compares: per operation, its
request and response fields, required lists, types, enums, statuses and security."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_DEPTH = 4  # nested fields compared down to this depth (`keys[].kty` is depth 2)
Fields = dict[str, dict[str, Any]]  # field -> {required, type, enum}


@dataclass
class Operation:
    """What is compared of one operation, in either description."""

    method: str
    path: str
    fields: dict[str, dict[str, Any]]  # "query.x", "body.x" -> {required, type, enum}
    responses: dict[str, dict[str, dict[str, Any]]]  # status -> field -> {required, type, enum}
    security: frozenset[str]


# -- normalising -----------------------------------------------------------------------------


class Resolver:
    """Follows local `$ref`s of one document."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def __call__(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#/") or ref in seen:
                return {}
            seen.add(ref)
            target: Any = self.doc
            for part in ref[2:].split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
                if not isinstance(target, dict):
                    return {}
            node = target
        return node if isinstance(node, dict) else {}


def schema_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = "|".join(sorted(k for k in kind if k != "null"))
    if kind is None and ("properties" in schema or "additionalProperties" in schema):
        kind = "object"
    return kind if isinstance(kind, str) else None


def schema_enum(schema: dict[str, Any]) -> frozenset[str] | None:
    if "const" in schema:
        return frozenset([str(schema["const"])])
    values = schema.get("enum")
    return frozenset(str(v) for v in values) if isinstance(values, list) else None


def flatten(resolve: Resolver, schema: Any, prefix: str, depth: int) -> dict[str, dict[str, Any]]:
    """Fields of an object schema, nested ones dotted: {name: {required, type, enum}}."""
    schema = resolve(schema)
    if depth > MAX_DEPTH:
        return {}
    if schema.get("type") == "array" and "items" in schema:
        return flatten(resolve, schema["items"], prefix + "[]." if prefix else "[].", depth)
    parts = [schema, *(resolve(s) for s in schema.get("allOf", []))]
    variants = [resolve(s) for s in schema.get("oneOf", []) + schema.get("anyOf", [])]
    fields: dict[str, dict[str, Any]] = {}
    required: set[str] = set()
    for part in parts:
        required |= set(part.get("required", []))
        for name, sub in (part.get("properties") or {}).items():
            add_field(fields, resolve, f"{prefix}{name}", sub, depth)
    if variants:
        in_every = set.intersection(*(set(v.get("required", [])) for v in variants))
        required |= in_every
        for variant in variants:
            for name, sub in flatten(resolve, variant, "", depth).items():
                # Required in one variant is not required of the body: `in_every` says which are.
                merge_field(fields, f"{prefix}{name}", {**sub, "required": False})
    for name in required:
        if f"{prefix}{name}" in fields:
            fields[f"{prefix}{name}"]["required"] = True
    return fields


def add_field(
    fields: dict[str, dict[str, Any]], resolve: Resolver, name: str, sub: Any, depth: int
) -> None:
    schema = resolve(sub)
    # A field described as an allOf of one schema (to give it a description) is that schema.
    kind = schema_type(schema) or next(
        (t for t in (schema_type(resolve(s)) for s in schema.get("allOf", [])) if t), None
    )
    merge_field(fields, name, {"required": False, "type": kind, "enum": schema_enum(schema)})
    if kind in ("object", "array"):
        for nested, info in flatten(resolve, schema, f"{name}.", depth + 1).items():
            merge_field(fields, nested.replace(".[]", "[]"), info)


def merge_field(fields: dict[str, dict[str, Any]], name: str, info: dict[str, Any]) -> None:
    """Several variants naming one field: the union of their enums, the first type."""
    if name not in fields:
        fields[name] = dict(info)
        return
    field = fields[name]
    field["type"] = field["type"] or info["type"]
    if field["enum"] is not None and info["enum"] is not None:
        field["enum"] = field["enum"] | info["enum"]


def security_of(doc: dict[str, Any], op: dict[str, Any]) -> frozenset[str]:
    """Security requirements as scheme kinds (`http basic`, `apiKey header X-API-Key`)."""
    schemes = doc.get("securityDefinitions") or (doc.get("components") or {}).get(
        "securitySchemes", {}
    )
    kinds: set[str] = set()
    for requirement in op.get("security", doc.get("security", [])) or []:
        for name in requirement:
            scheme = schemes.get(name, {})
            kind = scheme.get("type", "?")
            if kind == "basic" or scheme.get("scheme") == "basic":
                kinds.add("http basic")
            elif kind == "http":
                kinds.add(f"http {scheme.get('scheme', '?')}")
            elif kind == "apiKey":
                kinds.add(f"apiKey {scheme.get('in', '?')} {scheme.get('name', '?')}")
            else:
                kinds.add(str(kind))
    return frozenset(kinds)


def operations(doc: dict[str, Any]) -> dict[str, Operation]:
    resolve = Resolver(doc)
    found: dict[str, Operation] = {}
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            fields: dict[str, dict[str, Any]] = {}
            for param in [*shared, *op.get("parameters", [])]:
                param = resolve(param)
                where = param.get("in")
                if where == "body":
                    fields.update(prefixed(flatten(resolve, param.get("schema"), "", 0), "body."))
                elif where:
                    schema = resolve(param.get("schema", param))
                    fields[f"{'body' if where == 'formData' else where}.{param.get('name')}"] = {
                        "required": bool(param.get("required")),
                        "type": schema_type(schema),
                        "enum": schema_enum(schema),
                    }
            for media in (resolve(op.get("requestBody")).get("content") or {}).values():
                fields.update(prefixed(flatten(resolve, media.get("schema"), "", 0), "body."))
            responses = {}
            for status, response in (op.get("responses") or {}).items():
                response = resolve(response)
                schemas = [response.get("schema")] + [
                    media.get("schema") for media in (response.get("content") or {}).values()
                ]
                body: dict[str, dict[str, Any]] = {}
                for schema in schemas:
                    if schema is not None:
                        body.update(flatten(resolve, schema, "", 0))
                responses[str(status)] = body
            name = op.get("operationId") or f"{method.upper()} {path}"
            found[name] = Operation(method, path, fields, responses, security_of(doc, op))
    return found


def prefixed(fields: dict[str, dict[str, Any]], prefix: str) -> dict[str, dict[str, Any]]:
    return {prefix + name: info for name, info in fields.items()}


class InputError(Exception):
    """Bad usage or unreadable input: exit status 2 with this message."""


@dataclass(frozen=True)
class Difference:
    """One thing that differs; `key` is what the known-differences file matches."""

    operation: str
    kind: str
    subject: str
    detail: str

    @property
    def key(self) -> str:
        return f"{self.operation} {self.kind} {self.subject}".rstrip()

    def line(self) -> str:
        subject = f" {self.subject}" if self.subject else ""
        return f"{self.kind}{subject}: {self.detail}"


# -- loading ---------------------------------------------------------------------------------


def parse_document(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{where} is neither JSON nor YAML: {exc}") from None
    if not isinstance(data, dict) or not ("swagger" in data or "openapi" in data):
        raise InputError(f"{where} is not a Swagger 2.0 or OpenAPI 3 description")
    if not isinstance(data.get("paths"), dict):
        raise InputError(f"{where} has no paths")
    return data


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise InputError(f"git {' '.join(args)} in {repo}: {result.stderr.strip()}")
    return result.stdout


def load_from_git(repo: Path, ref: str, ours: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The swagger/openapi file of `repo` at `ref`; the one sharing most operations with ours."""
    names = git(repo, "ls-tree", "-r", "--name-only", ref).splitlines()
    candidates = [
        name
        for name in names
        if name.lower().endswith((".json", ".yaml", ".yml"))
        and any(word in Path(name).name.lower() for word in ("swagger", "openapi"))
    ]
    ours_ids = set(operations(ours))
    best: tuple[int, str, dict[str, Any]] | None = None
    for name in candidates:
        try:
            doc = parse_document(git(repo, "show", f"{ref}:{name}"), f"{name} at {ref}")
        except InputError:
            continue
        shared = len(ours_ids & set(operations(doc)))
        if best is None or shared > best[0]:
            best = (shared, name, doc)
    if best is None:
        raise InputError(f"no Swagger or OpenAPI file in {repo} at {ref}")
    return best[2], f"{repo}@{ref}:{best[1]}"


def load_upstream(source: str, ref: str | None, ours: dict[str, Any]) -> tuple[dict[str, Any], str]:
    path = Path(source)
    if not path.exists() and "@" in source:
        head, _, tail = source.rpartition("@")
        if Path(head).is_dir():
            if ref is not None and ref != tail:
                raise InputError(f"two refs given: {tail} and --ref {ref}")
            path, ref = Path(head), tail
    if path.is_dir():
        return load_from_git(path, ref or "HEAD", ours)
    if ref is not None:
        raise InputError(f"--ref needs a git repository, and {source} is not a folder")
    if not path.is_file():
        raise InputError(f"no such file or folder: {source}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {source}: {exc}") from None
    return parse_document(text, source), source


def merge_documents(parts: list[tuple[dict[str, Any], str]]) -> tuple[dict[str, Any], str]:
    """Parts of one description read as one: their paths and their named schemas together.
    An operation or a schema named by two parts differently is an error."""
    merged, where = parts[0][0], parts[0][1]
    for doc, source in parts[1:]:
        flavour = "swagger" if "swagger" in doc else "openapi"
        if flavour not in merged:
            raise InputError(f"{source} is not of the same kind as {parts[0][1]}")
        merged = {**merged, "paths": dict(merged["paths"])}
        for path, item in doc["paths"].items():
            if path in merged["paths"] and merged["paths"][path] != item:
                raise InputError(f"{path} is described differently in {source} and {where}")
            merged["paths"][path] = item
        for section in ("definitions", "components"):
            if section not in doc:
                continue
            if section == "components":
                schemas = dict((merged.get("components") or {}).get("schemas") or {})
                schemas.update((doc["components"] or {}).get("schemas") or {})
                merged["components"] = {**(merged.get("components") or {}), "schemas": schemas}
            else:
                merged["definitions"] = {**(merged.get("definitions") or {}), **doc[section]}
        where = f"{where} + {source}"
    return merged, where
