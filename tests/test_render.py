"""The output layer: every format parses, and catalogue text is never markup or a command."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from itfind import model

from .conftest import MINI

# The JSON contract: these keys, always present. Renaming or removing one breaks scripts;
# adding one is allowed (update this list and the README together).
CONTRACT = {
    "id",
    "acronym",
    "name",
    "name_zh",
    "aliases",
    "administrator",
    "summary",
    "summary_zh",
    "url",
    "keywords",
    "applicant_types",
    "participants",
    "stages",
    "sectors",
    "status",
    "declared_status",
    "intake",
    "opens",
    "closes",
    "windows",
    "planned",
    "last_seen",
    "apply_url",
    "enquiries",
    "successors",
    "see_also",
    "parts",
    "funding",
    "eligibility",
    "history",
    "sources",
    "last_verified",
    "unconfirmed",
    "catalogue",
}
FUNDING_CONTRACT = {
    "kind",
    "max_hkd",
    "per",
    "basis",
    "basis_zh",
    "matching_ratio",
    "percent_cap",
    "per_project_max_hkd",
    "cumulative_max_hkd",
    "max_projects",
    "duration_months",
    "notes",
    "notes_zh",
}
ELIGIBILITY_CONTRACT = {
    "text",
    "text_zh",
    "hk_registered",
    "listed",
    "max_employees",
    "min_age_years",
    "max_age_years",
    "membership",
    "routes",
    "via",
}


def test_json_contract_every_key_always_present(mini):
    records = json.loads(mini("list", "--json").out)
    assert len(records) == 8
    for record in records:
        assert set(record) == CONTRACT
        assert set(record["funding"]) == FUNDING_CONTRACT
        assert set(record["eligibility"]) == ELIGIBILITY_CONTRACT
    mystery = next(r for r in records if r["id"] == "mystery")
    assert mystery["funding"]["max_hkd"] is None and mystery["name_zh"] is None
    assert {r["catalogue"] for r in records} == {str(MINI)}


def test_json_says_which_file_a_record_comes_from(cli, hermetic):
    """An overlay record that replaces a packaged one is told apart: by `catalogue` in
    JSON, and by a note from `show`; the packaged ones say `packaged`."""
    overlay = hermetic / "config" / "itfind" / "schemes.yaml"
    overlay.parent.mkdir(parents=True, exist_ok=True)
    overlay.write_text(
        "schemes:\n  - id: tvp\n    name: Technology Voucher Programme\n"
        "    applicant_types: [sme]\n    status: open\n"
        "    sources: [https://example.com/look-alike]\n    last_verified: 2026-11-01\n"
    )
    records = {r["id"]: r for r in json.loads(cli("list", "--json").out)}
    assert records["tvp"]["catalogue"] == str(overlay)
    assert records["rth"]["catalogue"] == "packaged"
    shown = cli("show", "tvp")
    assert f"comes from {overlay} and replaces the one in" in shown.err
    assert "replaces" not in cli("show", "rth").err


def test_eligible_and_search_json_add_their_own_keys(mini):
    eligible = json.loads(mini("eligible", "--type", "sme", "--json").out)
    assert all({"fit", "criteria"} <= set(r) for r in eligible)
    found = json.loads(mini("search", "voucher", "--json").out)
    assert found[0]["score"] >= 100 and "id" in found[0]["matched"]


def test_jsonl_is_one_object_per_line(mini):
    lines = mini("list", "--format", "jsonl").out.splitlines()
    assert len(lines) == 8
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_yaml_round_trips(mini):
    data = yaml.safe_load(mini("list", "--format", "yaml").out)
    assert [r["id"] for r in data][:2] == ["sme-only", "startup-park"]


def test_csv_is_a_rectangle_with_a_header(mini):
    rows = list(csv.reader(io.StringIO(mini("list", "--format", "csv").out)))
    assert rows[0] == ["id", "name", "status", "max_hkd", "applicant_types", "per"]
    assert len(rows) == 9 and {len(r) for r in rows} == {6}


def test_csv_neutralises_formulas(mini):
    rows = list(
        csv.reader(io.StringIO(mini("list", "--format", "csv", "--fields", "id,name,max_hkd").out))
    )
    evil = next(r for r in rows if r[0] == "sme-only")
    assert evil[1].startswith("'=HYPERLINK")
    assert evil[2] == "100000"


def test_tsv_is_one_line_per_scheme_with_escapes(mini):
    out = mini("list", "--fields", "id,summary,administrator").out
    lines = out.splitlines()
    assert len(lines) == 8
    assert all(line.count("\t") == 2 for line in lines)
    evil = next(line for line in lines if line.startswith("sme-only"))
    assert "abroad.\\tTabbed\\nand new-lined." in evil
    assert "\x1b" not in out and "\\x1b]0;pwned\\x07Trade" in evil


@pytest.mark.parametrize("fmt", ["table", "md", "tsv", "csv", "json", "jsonl", "yaml"])
def test_markup_and_escapes_in_data_are_printed_literally(mini, fmt):
    result = mini("list", "--format", fmt, "--fields", "id,name,administrator")
    assert result.code == 0
    # Markdown shows `\[bold\]` as [bold]: escaped, as it would otherwise start a link
    literal = "\\[bold\\]Scheme\\[/b\\]" if fmt == "md" else "[bold]Scheme[/b]"
    assert literal in result.out
    assert "\x1b" not in result.out.replace("\\u001b", ""), "no raw escape reaches the terminal"


def test_table_with_colour_keeps_markup_literal(mini):
    result = mini("list", "--format", "table", env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert "[bold]Scheme[/b]" in result.out
    assert "]0;pwned" not in result.out


def test_markdown_escapes_pipes(tmp_path, cli):
    from itfind.render import write_markdown

    out = io.StringIO()
    write_markdown([{"id": "a|b"}], ["id"], out)
    assert "a\\|b" in out.getvalue()


def test_markdown_makes_no_html_and_no_links_from_text():
    from itfind.render import write_markdown

    out = io.StringIO()
    hostile = "<script>x</script> [click](javascript:alert(1)) \u202eevil"
    write_markdown([{"summary": hostile}], ["summary"], out)
    cell = out.getvalue().splitlines()[-1]
    assert "&lt;script&gt;" in cell and "<script>" not in cell
    assert "\\[click\\](javascript" in cell and "[click](" not in cell
    assert "\u202e" not in cell and "\\u202e" in cell


def test_json_escapes_line_separators_and_bidi_controls(tmp_path):
    """JSON allows them raw, but a jsonl reader splitting on U+2028 sees two records, and
    a person reading JSON in a terminal sees reordered text."""
    from itfind.render import json_text

    text = json_text({"name": "a\u2028b\u2029c\x85d\u202ee\u2066f"})
    assert not set(text) & {"\u2028", "\u2029", "\x85", "\u202e", "\u2066"}
    assert json.loads(text) == {"name": "a\u2028b\u2029c\x85d\u202ee\u2066f"}


def test_no_colour_when_asked(mini):
    for env in ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"TERM": "dumb"}):
        out = mini("list", "--format", "table", env=env).out
        assert "\x1b[" not in out
    assert (
        "\x1b[" not in mini("list", "--format", "table", "--no-color", env={"FORCE_COLOR": "1"}).out
    )


def test_whole_amounts_are_written_as_integers(tmp_path):
    import datetime as dt

    scheme = model.Scheme(id="x", name="X", funding=model.Funding(max_hkd=600000.0))
    plain = model.scheme_to_dict(scheme, dt.date(2026, 1, 1))["funding"]["max_hkd"]
    assert plain == 600000 and isinstance(plain, int)
    from .conftest import catalogue_file, record

    funding = {"max_hkd": 6e5, "per": "project", "percent_cap": 37.5}
    path = catalogue_file(tmp_path, record("x", "X", funding=funding))
    from itfind import load_catalogue

    funding = load_catalogue([path], cache=True).item("x").to_dict()["funding"]
    assert json.dumps([funding["max_hkd"], funding["percent_cap"]]) == "[600000, 37.5]"


def test_show_says_what_the_ratio_means(mini):
    out = mini("show", "voucher", "--format", "table").out
    assert "3:1 (government:applicant): the scheme pays 75% of approved cost" in out


def test_titles_and_steps_in_tables_are_escaped(cli, tmp_path):
    """estimate's title is the scheme's name and its steps quote the record: a terminal
    escape there (window title, clipboard write) must be shown, not obeyed."""
    path = tmp_path / "c.yaml"
    path.write_text(
        "schemes:\n  - id: evil\n"
        '    name: "Evil \\e]0;pwned\\a \\u202eName"\n'
        "    applicant_types: [sme]\n    status: open\n"
        '    funding: {max_hkd: 1000, per: project, matching_ratio: "1:1",'
        ' basis: "basis \\e]52;c;eA==\\a", basis_zh: "基礎"}\n'
        "    sources: [https://example.gov.hk/a]\n    last_verified: 2026-11-01\n"
    )
    for argv in (["estimate", "evil", "--cost", "500"], ["list"], ["show", "evil"]):
        result = cli(*argv, "-c", str(path), "--format", "table", env={"FORCE_COLOR": "1"})
        assert result.code == 0, result.err
        both = result.out + result.err
        assert "]0;pwned" not in both.replace("\\x1b]0;pwned", ""), argv
        assert "\u202e" not in both and "\x1b]52" not in both, argv
        assert "\\x1b]0;pwned" in result.out, argv
