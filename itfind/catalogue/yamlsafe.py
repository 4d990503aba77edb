"""Safe YAML reading, quicker than PyYAML's own constructor for what a catalogue holds.

libyaml's C parser composes the node tree. Two Python steps dominate after it, and both
are replaced here: tag resolution (a regex table consulted for every plain scalar; the
answer depends only on the text, so it is memoised for short values such as keys,
vocabulary words and dates) and construction (a direct walk over the nodes for the
plain types: mapping, sequence, str, int, float, bool, null, timestamp). Any other tag,
`!!python/...` included, is refused with the node's position; nothing is ever run.

Plain scalars are typed as YAML 1.2 types them, not 1.1: `0777` and `1_000` are text,
not octal 511 and 1000; `190:20:30` is text, not 685230; `yes`, `no`, `on` and `off`
are text, not booleans. Only ISO dates are dates. A field that wants a number or a
flag then says so, instead of quietly taking a value nobody wrote.

Aliases (`*name`) share the value they point to, so an alias "bomb" costs nothing to
build; when a document uses any, its expanded size is checked as well (see parse), and
a structure that contains itself is refused. Nesting depth is bounded by libyaml.
"""

from __future__ import annotations

import re
from typing import Any

import yaml  # noqa: TID253 - this module is itself imported lazily, only to parse

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVED: dict[str, str] = {}
_TAG = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT, FLOAT, TIMESTAMP = (
    _TAG + t for t in ("str", "null", "bool", "int", "float", "timestamp")
)
SEQ, MAP, MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"


# YAML 1.2 core schema, plus ISO dates (which the catalogue writes unquoted).
_CORE = (
    (re.compile(r"^(?:null|Null|NULL|~|)$"), NULL),
    (re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), BOOL),
    (re.compile(r"^[-+]?[0-9]+$"), INT),
    (
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        FLOAT,
    ),
    (
        re.compile(
            r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
            r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
            r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$"
        ),
        TIMESTAMP,
    ),
)
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")


def resolve_plain(value: str) -> str:
    for pattern, tag in _CORE:
        if pattern.match(value):
            if tag == INT and _LEADING_ZERO.match(value):
                return STR  # 0777: YAML 1.1 read it as octal
            return tag
    return STR


class Loader(_BASE):  # type: ignore[misc, valid-type]
    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = resolve_plain(value)
                if len(value) <= 40:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_SAFE = yaml.constructor.SafeConstructor()
_SCALARS = {
    INT: _SAFE.construct_yaml_int,
    FLOAT: _SAFE.construct_yaml_float,
    BOOL: _SAFE.construct_yaml_bool,
    TIMESTAMP: _SAFE.construct_yaml_timestamp,
}


def _refuse(node: Any, what: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(
        None, None, f"found unacceptable {what} {node.tag!r}", node.start_mark
    )


class Built:
    """What `construct` made of a node tree: the values, and whether any node was used
    twice (an alias), which is when the expanded size needs checking."""

    __slots__ = ("shared", "value")

    def __init__(self, value: Any, shared: bool):
        self.value, self.shared = value, shared


_BUILDING = object()  # a collection under construction: meeting it again is a cycle


def construct(root: Any) -> Built:
    """Python values for a node tree of plain YAML types. A node used twice (through
    an alias) is built once and its value shared, so construction is linear in the
    document's size however the aliases nest; a node that contains itself is refused,
    since nothing downstream could walk it."""
    built: dict[int, Any] = {}
    shared = False

    def build(node: Any) -> Any:
        nonlocal shared
        if isinstance(node, yaml.ScalarNode):
            tag = node.tag
            if tag == STR:
                return node.value
            if tag == NULL:
                return None
            make = _SCALARS.get(tag)
            if make is None:
                raise _refuse(node, "tag")
            return make(node)
        ident = id(node)
        done = built.get(ident)
        if done is not None:
            if done is _BUILDING:
                raise yaml.constructor.ConstructorError(
                    None, None, "an alias inside the value it names (a cycle)", node.start_mark
                )
            shared = True
            return done
        built[ident] = _BUILDING
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ:
                raise _refuse(node, "tag")
            value: Any = [build(child) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            if node.tag != MAP:
                raise _refuse(node, "tag")
            value = _mapping(node, build)
        else:
            raise _refuse(node, "node")
        built[ident] = value
        return value

    value = build(root)
    return Built(value, shared)


def _mapping(node: Any, build: Any) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    merged: list[Any] = []
    for key_node, value_node in node.value:
        if key_node.tag == MERGE:  # `<<: *defaults`: explicit keys win, as in PyYAML
            value = build(value_node)
            merged += value if isinstance(value, list) else [value]
            continue
        key, value = build(key_node), build(value_node)
        try:
            out[key] = value
        except TypeError:
            raise _refuse(key_node, "unhashable key, tag") from None
    for extra in merged:
        if not isinstance(extra, dict):
            raise _refuse(node, "merge of a non-mapping into")
        for key, value in extra.items():
            out.setdefault(key, value)
    return out
