"""Loader and validator: every problem reported at once, with file, line and field."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
import yaml

from itfind import load_catalogue, model
from itfind.catalogue import parse, resolve_sources, validate
from itfind.errors import CatalogueError, UnknownScheme

from .conftest import MINI


def load(*paths: Path):
    return load_catalogue(list(paths), cache=False)


GOOD = """\
as_of: 2026-01-01
schemes:
  - id: alpha
    name: Alpha Scheme
    applicant_types: [sme]
    status: open
    sources: [https://example.gov.hk/a]
    last_verified: 2026-01-01
"""


def write(tmp_path: Path, text: str | bytes, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in validate.validate_paths([path])]


def test_mini_catalogue_loads_with_defaults_for_missing_optional_fields():
    cat = load(MINI)
    assert len(cat) == 8
    assert cat.catalogue_date == dt.date(2026, 6, 1)
    mystery = cat.get("mystery")
    assert mystery.funding.max_hkd is None and mystery.stages == ("any",)
    assert cat.get("voucher").funding.matching_ratio == "3:1"


def test_every_problem_is_reported_with_file_line_and_field(tmp_path):
    path = write(
        tmp_path,
        GOOD.replace(
            "    applicant_types: [sme]\n",
            """\
    applicant_types: [sme, smes]
    funding: {max_hkd: six hundred}
    sectors: [fintec]
    statu: open
""",
        )
        + """\
  - id: alpha
    name: Twin
    applicant_types: [sme]
    status: open
    sources: [https://example.gov.hk/a]
    last_verified: 2026-01-01
""",
    )
    found = problems_of(path)
    text = "\n".join(found)
    assert f"{path}:5: alpha: applicant_types[1] must be one of" in text
    assert "did you mean 'sme'?" in text
    assert (
        f"{path}:6: alpha: funding.max_hkd must be a non-negative number, got 'six hundred'" in text
    )
    assert "sectors[0]" in text and "did you mean 'fintech'?" in text
    assert "statu is not a known field; did you mean 'status'?" in text
    assert "id is used twice in this file (first on line 3)" in text
    assert len(found) == 5


@pytest.mark.parametrize(
    "text, expected",
    [
        ("schemes: [\n  {id: a,\n", "YAML error"),
        ("", "is empty"),
        ("# only a comment\n", "is empty"),
        ("- 1\n- 2\n", "schemes[0]: must be a mapping of fields"),
        ("just text\n", "must be a mapping with a 'schemes' list"),
        ("schemes: 5\n", "schemes must be a list of records"),
        ("as_of: yesterday\nschemes: []\n", "as_of must be an ISO date"),
        ("!!python/object/apply:os.system ['touch pwned']\n", "tags are refused"),
        (GOOD.replace("2026-01-01\nschemes", "2026-13-01\nschemes"), ":1: invalid value"),
        (
            GOOD.replace(
                "status: open", "status: open\n    opens: 2026-05-01\n    closes: 2026-04-01"
            ),
            "closes (2026-04-01) is before opens",
        ),
        (
            GOOD.replace("status: open", "status: open\n    funding: {max_hkd: -5}"),
            "must not be negative",
        ),
        (
            GOOD.replace("status: open", "status: open\n    funding: {max_hkd: 1000000000000000}"),
            "implausibly large",
        ),
        (GOOD.replace("id: alpha", "id: Alpha Scheme"), "must be a lowercase slug"),
        (GOOD.replace("    sources: [https://example.gov.hk/a]\n", ""), "sources is required"),
        (GOOD.replace("name: Alpha Scheme", "name: [a, b]"), "name must be text, got a list"),
        (GOOD.replace("status: open", "status: opne"), "did you mean 'open'?"),
        (GOOD.replace("status: open", "status: open\n    status: closed"), "appears twice"),
        (
            GOOD.replace("status: open", "status: open\n    funding: {matching_ratio: 'half'}"),
            'like "3:1"',
        ),
    ],
)
def test_bad_catalogues_give_one_clear_problem(tmp_path, text, expected):
    found = problems_of(write(tmp_path, text))
    assert found, "a bad catalogue must not validate"
    assert any(expected in p for p in found), found


def test_unsafe_tags_are_refused_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"!!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(CatalogueError):
        load(path)
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = write(tmp_path, "\n".join(lines) + "\nschemes: *a9\n")
    start = time.monotonic()
    found = problems_of(path)
    assert time.monotonic() - start < 10
    assert any("expands to more than" in p for p in found), found


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d: d / "missing.yaml", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: write(d, b"\xff\xfe\x00garbage"), "is not UTF-8"),
        (lambda d: write(d, "schemes: []\n\x00\x01binary"), "binary data"),
    ],
)
def test_unreadable_inputs(tmp_path, make, expected):
    assert any(expected in p for p in problems_of(make(tmp_path)))


def test_later_files_override_and_add_records(tmp_path):
    overlay = write(
        tmp_path,
        GOOD.replace("id: alpha", "id: voucher").replace("Alpha Scheme", "Replaced Voucher")
        + GOOD.split("schemes:\n")[1],
        "overlay.yaml",
    )
    cat = load(MINI, overlay)
    assert cat.get("voucher").name == "Replaced Voucher"
    assert cat.get("alpha").id == "alpha" and len(cat) == 9
    order = [e.id for e in cat.records.entries]
    assert order[0] == "voucher" and order[-1] == "alpha", "replaced in place, new ids after"
    # Names and search follow the replacement, not the record it replaced.
    assert cat.search("Replaced Voucher")[0].id == "voucher"
    assert cat.get("Alpha Scheme").id == "alpha" and cat.get("sme-only").id == "sme-only"
    with pytest.raises(UnknownScheme):
        cat.get("TV")  # the replaced record's acronym


@pytest.mark.parametrize(
    "status, opens, closes, today, expected",
    [
        ("open", None, "2026-03-31", "2026-04-01", "closed"),
        ("open", None, "2026-03-31", "2026-03-31", "open"),
        ("closed", "2026-09-01", "2026-10-01", "2026-06-01", "upcoming"),
        ("upcoming", "2026-09-01", None, "2026-09-01", "open"),
        ("upcoming", None, None, "2026-09-01", "upcoming"),
        ("ended", "2026-01-01", "2026-12-31", "2026-06-01", "ended"),
        ("invitation", None, None, "2026-06-01", "invitation"),
        ("unknown", None, None, "2026-06-01", "unknown"),
        ("closed", "2026-01-01", "2026-12-31", "2026-06-01", "open"),
    ],
)
def test_effective_status_follows_the_dates(status, opens, closes, today, expected):
    day = dt.date.fromisoformat
    got = model.effective_status(status, opens and day(opens), closes and day(closes), day(today))
    assert got == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("voucher", "voucher"),
        ("TV", "voucher"),
        ("tv", "voucher"),
        ("測試券", "voucher"),
        ("测试科技券计划", "voucher"),
        ("old voucher scheme", "voucher"),
        ("SME-ONLY", "sme-only"),
    ],
)
def test_find_scheme_accepts_ids_acronyms_aliases_and_both_scripts(mini_catalogue, query, expected):
    assert mini_catalogue.get(query).id == expected


def test_unknown_scheme_suggests_close_ids(mini_catalogue):
    with pytest.raises(UnknownScheme) as info:
        mini_catalogue.get("vouchr")
    assert "voucher" in info.value.suggestions


def test_resolve_sources_order(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path), "ITFIND_CATALOGUE": "a.yaml:b.yaml"}
    assert resolve_sources(["x.yaml"], env).files == (Path("x.yaml"),)
    assert resolve_sources([], env).files == (Path("a.yaml"), Path("b.yaml"))
    env.pop("ITFIND_CATALOGUE")
    default = resolve_sources([], env)
    assert default.files == (default.packaged,)
    (tmp_path / "itfind").mkdir()
    (tmp_path / "itfind" / "schemes.yaml").write_text(GOOD)
    assert resolve_sources([], env).files == (default.packaged, default.overlay)
    assert resolve_sources(["@builtin", "x.yaml"], env).files[0] == default.packaged


def big_catalogue(count: int, bad: int | None = None, twin: int | None = None) -> str:
    lines = ["# a generated catalogue", "as_of: 2026-01-01", "schemes:"]
    for i in range(count):
        lines += [
            f"  - id: s{i}",
            f"    name: Scheme {i}",
            "    summary: |",
            "      A block scalar whose lines",
            "      - look like list items but are text.",
            "    summary_zh: 一段文字。",
            "    applicant_types: [sme]",
            f"    status: {'opne' if i == bad else 'open'}",
            "    sources: [https://example.gov.hk/x]",
            "    last_verified: 2026-01-01",
        ]
        if i == twin:
            lines += [
                "  - id: s0",
                "    name: Twin",
                "    applicant_types: [sme]",
                "    status: open",
                "    sources: [https://example.gov.hk/x]",
                "    last_verified: 2026-01-01",
            ]
    return "\n".join(lines) + "\n"


def test_big_files_parse_in_chunks_with_the_same_result(tmp_path, monkeypatch):
    path = write(tmp_path, big_catalogue(1200))
    whole = validate.check_file(path)
    monkeypatch.setattr(parse, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(parse, "CHUNK_RECORDS", 100)
    calls = []
    original = parse.parse_document
    monkeypatch.setattr(
        parse, "parse_document", lambda t, label: calls.append(1) or original(t, label)
    )
    chunked = validate.check_file(path)
    assert len(calls) > 10, "parsed in slices"
    assert chunked == whole and len(chunked.records) == 1200


def test_big_files_are_read_a_block_at_a_time_with_the_same_result(tmp_path, monkeypatch):
    from itfind.catalogue import read

    text = big_catalogue(700, bad=650, twin=300) + "# a comment at the end\n"
    path = write(tmp_path, "# padding so that the key is not at the start\n" + text)
    whole = validate.check_file(path)
    monkeypatch.setattr(read, "IN_MEMORY_BYTES", 100)  # read by offset, not all at once
    monkeypatch.setattr(parse, "BLOCK", 97)  # patterns cut across blocks
    monkeypatch.setattr(parse, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(parse, "CHUNK_RECORDS", 64)
    blob, _ = read.read_blob(path)
    assert blob is not None and blob._data is None
    cut = parse.split(blob)
    blob.close()
    raw = path.read_bytes()
    items = [m.start() + 1 for m in re.finditer(rb"\n  - ", raw)]
    assert cut is not None and cut.bounds == items[::64] + [len(raw)]
    assert validate.check_file(path) == whole
    assert len(whole.problems) == 2 and len(whole.records) == 700  # 701, one bad


def test_chunked_errors_keep_their_line_numbers(tmp_path, monkeypatch):
    text = big_catalogue(600, bad=555, twin=420)
    path = write(tmp_path, text)
    expected = sorted(str(p) for p in validate.validate_paths([path]))
    monkeypatch.setattr(parse, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(parse, "CHUNK_RECORDS", 50)
    chunked = sorted(str(p) for p in validate.validate_paths([path]))
    assert chunked == expected
    bad_line = text.splitlines().index("    status: opne") + 1
    assert any(f":{bad_line}: s555: status must be one of" in p for p in chunked)
    assert any("s0: id is used twice in this file (first on line 4)" in p for p in chunked)


def test_a_file_that_does_not_split_is_parsed_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(parse, "CHUNK_BYTES", 10)
    path = write(tmp_path, GOOD.replace("schemes:\n", "schemes:\n  # comment\n") + "  - [x\n")
    assert any("YAML error" in p for p in problems_of(path))
    assert len(validate.check_file(write(tmp_path, GOOD, "g.yaml")).records) == 1


def test_a_json_catalogue_reads_like_its_yaml(tmp_path, monkeypatch):
    """JSON is YAML: a machine-made catalogue may be JSON, read by the quick parser."""
    import json

    from itfind.catalogue import yamlsafe

    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    path = write(tmp_path, json.dumps(data, default=str, ensure_ascii=False), "c.json")
    as_yaml = validate.check_file(MINI)._replace(path=str(path))
    monkeypatch.setattr(yamlsafe, "construct", lambda node: pytest.fail("parsed as YAML"))
    assert validate.check_file(path) == as_yaml


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"schemes": [{"id": "a", "id": "b"}]}', ":1: b: id appears twice"),
        ('{"schemes": [\n {"id": "a",\n  "status": "opne"}]}', ":3: a: status must be one of"),
        ('{"schemes": [{"id": "a", "funding": {"max_hkd": NaN}}]}', "got 'NaN'"),
    ],
)
def test_a_json_catalogue_with_problems_is_reported_with_lines(tmp_path, text, expected):
    assert any(expected in p for p in problems_of(write(tmp_path, text, "c.json")))
