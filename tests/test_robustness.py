"""Bad input of every kind gets a clear message and a documented exit code; nothing
hostile gets through. The matrix below is also the table in docs/robustness.md."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itfind import catalogue, model, validate
from itfind.eligibility import Applicant, eligible
from itfind.errors import CatalogueError

from .conftest import MINI, REPO

GOOD = MINI.read_text(encoding="utf-8")
RECORD = """\
schemes:
  - id: alpha
    name: Alpha
    applicant_types: [sme]
    status: open
    sources: [https://example.gov.hk/a]
    last_verified: 2026-01-01
"""


def bomb() -> str:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\nschemes: *a9\n"


# (name, file content: text, bytes or a maker of a path, message users see, exit code)
MATRIX = [
    ("YAML syntax error", "schemes:\n  - id: a\n    name: [unclosed\n", ":4: YAML error", 1),
    ("empty file", "", ": is empty", 1),
    ("only comments", "# nothing here\n", ": is empty", 1),
    ("wrong top-level type", "- just\n- a list of words\n", "must be a mapping of fields", 1),
    ("a scalar document", "hello\n", "must be a mapping with a 'schemes' list", 1),
    ("schemes not a list", "schemes: {a: 1}\n", "schemes must be a list of records", 1),
    (
        "duplicate ids",
        RECORD + RECORD.split("schemes:\n")[1],
        "alpha: id is used twice in this file (first on line 2)",
        1,
    ),
    ("missing required fields", "schemes:\n  - id: a\n", "a: name is required", 1),
    (
        "wrong type",
        RECORD.replace("name: Alpha", "name: {x: 1}"),
        "name must be text, got a dict",
        1,
    ),
    ("unknown vocabulary", RECORD.replace("[sme]", "[smes]"), "did you mean 'sme'?", 1),
    (
        "unknown field",
        RECORD.replace("status: open", "status: open\n    colour: red"),
        "colour is not a known field",
        1,
    ),
    (
        "negative amount",
        RECORD.replace("status: open", "status: open\n    funding: {max_hkd: -1}"),
        "funding.max_hkd must not be negative",
        1,
    ),
    (
        "absurd amount",
        RECORD.replace("status: open", "status: open\n    funding: {max_hkd: 1000000000000000}"),
        "funding.max_hkd is implausibly large",
        1,
    ),
    ("invalid date", RECORD.replace("2026-01-01", "2026-02-30"), ":7: invalid value", 1),
    (
        "date that is not a date",
        RECORD.replace("2026-01-01", "soon"),
        "last_verified must be an ISO date",
        1,
    ),
    (
        "closes before opens",
        RECORD.replace(
            "status: open", "status: open\n    opens: 2026-05-01\n    closes: 2026-04-01"
        ),
        "closes (2026-04-01) is before opens (2026-05-01)",
        1,
    ),
    (
        "duplicate key",
        RECORD.replace("status: open", "status: open\n    status: closed"),
        "status appears twice in this record",
        1,
    ),
    (
        "non-UTF-8 bytes",
        "schemes: []\nname: caf\xe9\n".encode("latin-1"),
        ":2: is not UTF-8 text",
        1,
    ),
    ("binary garbage", bytes(range(256)) * 4, "is not UTF-8 text", 1),
    ("NUL bytes", b"schemes: []\n\x00\x00", ":2: contains a NUL byte", 1),
    ("a directory", lambda d: d, "is a directory, not a YAML file", 1),
    ("a missing file", lambda d: d / "nope.yaml", "no such file", 1),
    ("a FIFO", lambda d: (os.mkfifo(d / "fifo"), d / "fifo")[1], "is not a regular file", 1),
    ("YAML alias bomb", bomb(), "expands to more than 20,000,000 values", 1),
    (
        "python tag",
        "!!python/object/apply:os.system ['echo pwned']\n",
        "tags are refused, never run",
        1,
    ),
    (
        "python tag inside a record",
        RECORD.replace("name: Alpha", "name: !!python/name:os.system"),
        "tags are refused, never run",
        1,
    ),
    ("very deep nesting", "schemes: " + "[" * 5000 + "]" * 5000 + "\n", "", 1),
    ("very large file", lambda d: big_file(d), "is larger than 1 MiB", 1),
]


def big_file(directory: Path) -> Path:
    path = directory / "big.yaml"
    path.write_text("schemes: []\n" + "# padding\n" * 200_000)
    return path


def materialise(content, directory: Path) -> Path:
    if callable(content):
        return content(directory)
    path = directory / "c.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize("name, content, message, code", MATRIX, ids=[m[0] for m in MATRIX])
def test_bad_input_matrix(cli, tmp_path, monkeypatch, name, content, message, code):
    monkeypatch.setenv("ITFIND_MAX_CATALOGUE_MB", "1")
    path = materialise(content, tmp_path)
    marker = tmp_path / "pwned"
    started = time.monotonic()
    for argv in (["validate", str(path)], ["list", "-c", str(path)]):
        result = cli(*argv)
        assert result.code == code, (argv, result.err)
        assert message in result.err, result.err
        assert "Traceback" not in result.err
        assert result.out == ""
        assert result.err.rstrip().splitlines()[-1].startswith(("fix the lines", "list the"))
    assert time.monotonic() - started < 20, "bounded time"
    assert not marker.exists()


def test_unreadable_file(cli, tmp_path, monkeypatch):
    path = materialise(RECORD, tmp_path)

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    result = cli("validate", str(path))
    assert result.code == 1 and "cannot be read (permission denied)" in result.err


def test_the_matrix_is_documented():
    doc = (REPO / "docs" / "robustness.md").read_text(encoding="utf-8")
    for name, _, message, code in MATRIX:
        assert f"| {name} |" in doc, name
        assert f"| {code} |" in doc
        if message:
            assert message in doc, message


# ---------------------------------------------------------------- properties

yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_any_yaml_document_loads_or_raises_the_catalogue_error(value):
    text = yaml.safe_dump(value, allow_unicode=True)
    contents, problems = validate.parse_text(text.encode(), "doc.yaml")
    assert problems or isinstance(contents.records, list)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_raise_the_catalogue_error(raw):
    contents, problems = validate.parse_text(raw, "bytes.yaml")
    assert problems or isinstance(contents.records, list)


BASE_RECORDS = yaml.safe_load(GOOD)["schemes"]
FIELDS = sorted({k for r in BASE_RECORDS for k in r})


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(range(len(BASE_RECORDS))),
    st.sampled_from(FIELDS + ["funding.max_hkd", "eligibility.listed", "sources.0"]),
    yaml_values,
)
def test_mutated_real_records_load_or_raise_the_catalogue_error(index, field, value):
    records = yaml.safe_load(GOOD)["schemes"]
    target = records[index]
    *parents, leaf = field.split(".")
    for part in parents:
        target = target.setdefault(part, {}) if isinstance(target, dict) else target
    if isinstance(target, dict):
        target[leaf] = value
    elif isinstance(target, list) and leaf.isdigit() and target:
        target[0] = value
    text = yaml.safe_dump({"schemes": records}, allow_unicode=True)
    try:
        cat = catalogue.load([_write(text)])
    except CatalogueError as error:
        assert error.problems and all(str(p) for p in error.problems)
    else:
        assert len(cat.schemes) == len(records)


def _write(text: str) -> Path:
    import tempfile

    handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8")
    with handle:
        handle.write(text)
    return Path(handle.name)


CATALOGUE = catalogue.load([catalogue.packaged_catalogue()])
REAL, AS_OF = CATALOGUE.schemes, CATALOGUE.as_of

FIELD_VALUES = {
    "types": st.lists(st.sampled_from(list(model.APPLICANT_TYPES)), min_size=1, max_size=2),
    "stages": st.lists(
        st.sampled_from([s for s in model.STAGES if s != "any"]), min_size=1, max_size=2
    ),
    "sectors": st.lists(
        st.sampled_from([s for s in model.SECTORS if s != "any"]), min_size=1, max_size=2
    ),
    "employees": st.integers(0, 5000),
    "age_years": st.floats(0, 50),
    "listed": st.booleans(),
    "hk_registered": st.booleans(),
    "memberships": st.lists(st.sampled_from(list(model.MEMBERSHIPS)), max_size=2),
}


@st.composite
def applicants(draw) -> Applicant:
    given_fields = draw(st.sets(st.sampled_from(sorted(FIELD_VALUES))))
    values = {}
    for name in given_fields:
        value = draw(FIELD_VALUES[name])
        values[name] = tuple(value) if isinstance(value, list) else value
    return Applicant(**values)


def ids(who: Applicant) -> set[str]:
    return {v.scheme.id for v in eligible(REAL, who, AS_OF, include_closed=True).verdicts}


@settings(max_examples=300, deadline=None)
@given(applicants(), st.sampled_from(sorted(FIELD_VALUES)), st.data())
def test_adding_a_filter_never_adds_a_result(who, field, data):
    current = getattr(who, field)
    # Only facts not yet given: None, or () for the list filters ((), for memberships,
    # is the given fact "member of neither park").
    if current is not None and (field == "memberships" or current != ()):
        return
    value = data.draw(FIELD_VALUES[field])
    narrowed = who._replace(**{field: tuple(value) if isinstance(value, list) else value})
    assert ids(narrowed) <= ids(who)


@settings(max_examples=200, deadline=None)
@given(applicants())
def test_a_startup_keeps_every_sme_or_enterprise_scheme(who):
    startup = ids(who._replace(types=("startup",)))
    for broader in ("sme", "enterprise"):
        assert ids(who._replace(types=(broader,))) <= startup


OPTIONS = {
    "list": ["--status", "--format", "--fields", "--as-of"],
    "eligible": [
        "--type",
        "--stage",
        "--sector",
        "--employees",
        "--age-years",
        "--listed",
        "--not-listed",
        "--member",
        "--explain",
        "--include-closed",
        "--format",
    ],
    "search": ["--type", "--sector", "--limit", "--explain", "--format"],
    "show": ["--format", "--fields"],
    "compare": ["--format"],
    "estimate": ["--cost", "--used", "--projects", "--format"],
    "deadlines": ["--within", "--format"],
    "vocab": ["--format"],
    "stale": ["--older-than"],
}
VALUES = (
    list(model.APPLICANT_TYPES)
    + list(model.SECTORS)
    + list(model.STAGES)
    + [
        "json",
        "csv",
        "tsv",
        "md",
        "yaml",
        "jsonl",
        "table",
        "ics",
        "tvp",
        "rth",
        "-1",
        "0",
        "12",
        "1e9",
        "30d",
        "2026-01-01",
        "x",
        "",
        "[bold]",
        "科技券",
        "id,name",
        "cyberport",
        "none",
        "open",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(sorted(OPTIONS)), st.data())
def test_random_command_lines_never_print_a_traceback(cli, command, data):
    argv = [command]
    if command in ("show", "estimate"):
        argv.append(data.draw(st.sampled_from(["tvp", "RAISe+", "科技券计划", "nope"])))
    if command == "compare":
        argv += data.draw(
            st.lists(st.sampled_from(["tvp", "nifs", "nope"]), min_size=1, max_size=3)
        )
    if command == "search":
        argv.append(data.draw(st.sampled_from(["voucher", "ai", "研究", "x", "hire staff"])))
    for _ in range(data.draw(st.integers(0, 4))):
        option = data.draw(st.sampled_from(OPTIONS[command]))
        argv.append(option)
        if option not in ("--explain", "--include-closed", "--listed", "--not-listed"):
            argv.append(data.draw(st.sampled_from(VALUES)))
    result = cli(*argv)
    assert result.code in (0, 1, 2), (argv, result.err)
    assert "Traceback" not in result.err, (argv, result.err)
