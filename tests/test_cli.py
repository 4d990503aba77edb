"""Every command through the real entry point: stdout, stderr and exit code."""

from __future__ import annotations

import json
import sys

import pytest

from .conftest import MINI

# (argv, exit code, text in stdout, text in stderr); "" means "don't care".
CASES = [
    (
        ["list"],
        0,
        "voucher\tTest Voucher [bold]Scheme[/b]\topen\t600000\tenterprise; ngo\tapplicant",
        "",
    ),
    (["list"], 0, "closed-one\tClosed Window Scheme\tclosed", ""),
    (["list", "--fields", "id,status,closes"], 0, "closed-one\tclosed\t2026-03-31", ""),
    (["list", "--status", "upcoming"], 0, "soon\tUpcoming Scheme\tupcoming", ""),
    (["list", "--status", "opn"], 2, "", "Did you mean 'open'?"),
    (["list", "--fields", "id,maxhkd"], 2, "", "did you mean 'max_hkd'?"),
    (["list", "--format", "xml"], 2, "", "choose one of: table, tsv"),
    (["list", "--format", "jsn"], 2, "", "did you mean 'json'?"),
    (["list", "--json", "--format", "csv"], 2, "", "--json and --format disagree"),
    (["show", "TV"], 0, "id: voucher\n", ""),
    (["show", "测试券"], 0, "id: voucher\n", ""),
    (["show", "TV", "--format", "tsv"], 0, "voucher\t", ""),
    (["show", "vouchr"], 0, "id: voucher\n", "Showing voucher (Test Voucher"),
    (["show", "nosuchscheme"], 1, "", "no scheme matches 'nosuchscheme'"),
    (["show", "scheme"], 1, "", "did you mean: "),
    (["show"], 2, "", "Missing argument"),
    (["eligible", "--type", "smee"], 2, "", "Did you mean 'sme'?"),
    (["eligible", "--type", "biotech"], 2, "", "Allowed: startup, sme"),
    (["eligible", "--sector", "biotech", "--type", "startup"], 0, "", ""),
    (["eligible", "--type", "school"], 0, "soon\tyes", ""),
    (["eligible", "--type", "investor"], 0, "", "No scheme fits these filters"),
    (["eligible", "--type", "investor", "-f", "table"], 0, "", "No scheme fits these filters"),
    (["eligible", "--employees", "-1"], 2, "", "Invalid value for '--employees'"),
    (["search", "voucher"], 0, "voucher\t", ""),
    (["search", "zzzzqqq"], 0, "", "Nothing matches 'zzzzqqq'"),
    (["search", ""], 2, "", "the search query is empty"),
    (["vocab", "sector"], 0, "sector\tlife-health\t", ""),
    (["vocab", "sectr"], 2, "", "did you mean 'sector'?"),
    (["show", "nosuchscheme", "--quiet"], 1, "", "itfind: error: no scheme matches"),
    (["eligible", "--sort", "amont"], 2, "", "did you mean 'amount'?"),
    (["lst"], 2, "", "No such command"),
    (["list", "--bogus"], 2, "", "No such option"),
    (["list", "--as-of", "tomorrow"], 2, "", "--as-of needs a date"),
]


@pytest.mark.parametrize("argv, code, out, err", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_command_table(mini, argv, code, out, err):
    result = mini(*argv)
    assert result.code == code, (result.out, result.err)
    assert out in result.out
    assert err in result.err
    if code != 0:
        assert result.out == "", "errors must not write to stdout"
    assert "Traceback" not in result.err


def all_commands() -> list[str]:
    """Every command and subcommand, read from the app itself: a new command cannot
    skip the help and README checks."""
    from typer.main import get_command

    from itfind.cli import build_app

    names = []
    for name, command in get_command(build_app()).commands.items():
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return names


COMMANDS = all_commands()


def test_the_command_list_is_read_from_the_app():
    assert {"list", "eligible", "profile init", "profile show"} <= set(COMMANDS)
    assert len(COMMANDS) >= 13


def test_bare_itfind_shows_help_listing_every_command(cli):
    result = cli()
    assert "Usage" in result.out + result.err
    for command in COMMANDS:
        assert f"  {command.split()[0]} " in result.out + result.err, command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command):
    for flag in ("-h", "--help"):
        result = cli(*command.split(), flag)
        assert result.code == 0
        assert "Example" in result.out


def test_version_prints_version_and_catalogue_date(cli):
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("itfind ") and "catalogue as of 20" in result.out


def test_show_json_is_a_one_element_array(mini):
    result = mini("show", "voucher", "--json")
    data = json.loads(result.out)
    assert isinstance(data, list) and len(data) == 1 and data[0]["id"] == "voucher"


def test_show_for_a_person_says_unknowns_out_loud(mini):
    result = mini("show", "mystery", "--format", "table")
    assert result.code == 0
    assert "unknown" in result.out
    assert "Catalogue as of 2026-06-01" in result.out


def test_closed_window_is_shown_as_closed_not_as_declared(mini):
    record = json.loads(mini("show", "closed-one", "--json").out)[0]
    assert record["declared_status"] == "open"
    assert record["status"] == "closed"


def test_validate_clean_and_broken(cli, tmp_path):
    ok = cli("validate", str(MINI))
    assert ok.code == 0 and "OK: 8 schemes" in ok.err and ok.out == ""
    assert "note: closed-one: status says open, but its dates make it closed" in ok.err
    assert "note: sme-only: last verified 2024-01-01, over a year ago" in ok.err
    bad = tmp_path / "bad.yaml"
    bad.write_text("schemes:\n  - id: x\n    name: X\n    status: opne\n")
    result = cli("validate", str(bad))
    assert result.code == 1
    assert f"{bad}:4: x: status must be one of" in result.err
    assert "applicant_types is required" in result.err
    assert result.err.strip().splitlines()[-1].startswith("fix the lines above")


def test_validate_notes_shared_names_and_replaced_records(cli, tmp_path):
    """Two records answering to one name: `show` can only pick one, so say so; and an
    overlay replacing a record is never silent."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(
        "schemes:\n"
        "  - id: voucher\n    name: Other Voucher\n    applicant_types: [sme]\n"
        "    status: open\n    sources: [https://example.gov.hk/v]\n"
        "    last_verified: 2026-11-01\n"
        "  - id: copycat\n    name: Copycat\n    aliases: [Other Voucher]\n"
        "    applicant_types: [sme]\n    status: open\n"
        "    sources: [https://example.gov.hk/c]\n    last_verified: 2026-11-01\n"
    )
    result = cli("validate", str(MINI), str(overlay))
    assert result.code == 0
    assert (
        "note: 'Other Voucher' names 2 records (voucher, copycat); "
        "`itfind show` takes it as voucher"
    ) in result.err
    assert f"note: voucher: the record in {overlay} replaces the one in {MINI}" in result.err
    assert "names 2 records" not in cli("validate", str(MINI)).err


def test_a_broken_overlay_is_reported_not_a_traceback(cli, hermetic):
    overlay = hermetic / "config" / "itfind" / "schemes.yaml"
    overlay.parent.mkdir(parents=True)
    overlay.write_text("schemes: [\n")
    result = cli("list")
    assert result.code == 1
    assert str(overlay) in result.err and "YAML error" in result.err


def test_paths_lists_files_overlay_and_cache(cli, hermetic):
    result = cli("paths")
    assert result.code == 0
    assert "chosen by\tdefault" in result.out
    assert (
        f"overlay\t{hermetic / 'config' / 'itfind' / 'schemes.yaml'}\t(not present)" in result.out
    )
    assert f"cache\t{hermetic / 'cache' / 'itfind'}" in result.out


def test_environment_variable_chooses_catalogues(cli, monkeypatch):
    monkeypatch.setenv("ITFIND_CATALOGUE", str(MINI))
    result = cli("paths")
    assert f"catalogue\t{MINI}" in result.out and "ITFIND_CATALOGUE" in result.out
    assert "voucher" in cli("list").out


def test_empty_result_is_success_with_a_hint(mini):
    result = mini("search", "zzyzx plover", "--type", "school")
    assert result.code == 0 and result.out == ""
    assert "Nothing matches" in result.err


def test_a_scheme_named_exactly_is_shown_despite_the_filters(mini):
    result = mini("search", "voucher", "--type", "school", "--fields", "id")
    assert result.code == 0 and result.out == "voucher\n"
    assert "voucher is shown because you named it, but your filters leave it out: type" in (
        result.err
    )
    assert mini("search", "upcoming voucher", "--type", "school", "--fields", "id").out.split() == [
        "soon"
    ], "a scheme merely matching some words is still filtered out"


def test_default_catalogue_works_from_any_directory(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("list", "--format", "json")
    assert result.code == 0
    assert len(json.loads(result.out)) > 10


def test_validate_notes_follow_the_as_of_date(cli):
    later = cli("validate", "--as-of", "2028-06-01")
    assert later.code == 0
    assert "sme-financing-guarantee: status says open, but its dates make it closed" in later.err
    assert "over a year ago" in later.err


def test_quiet_keeps_hints_and_counts_back(mini):
    loud = mini("eligible", "--type", "sme")
    assert "hidden" in loud.err and "maybe" in loud.err
    quiet = mini("eligible", "--type", "sme", "-q")
    assert quiet.err == "" and quiet.out == loud.out


def test_limit_and_sort(mini):
    ids = mini("list", "--sort", "amount", "--fields", "id").out.split()
    assert ids[:2] == ["closed-one", "sme-only"], "per project first, the larger first"
    assert mini("list", "--sort", "name", "--limit", "2", "--fields", "name").out.splitlines() == [
        '=HYPERLINK("http://evil") SME Export Help',
        "Closed Window Scheme",
    ]


def test_an_empty_table_prints_nothing(mini):
    result = mini("eligible", "--type", "investor", "-f", "table")
    assert result.code == 0 and result.out == ""
    assert "No scheme fits these filters" in result.err


def test_mcp_without_the_extra_says_how_to_install_it(cli, monkeypatch):
    """`itfind mcp` needs the optional MCP SDK; without it, one line and the command to
    install it, exit 1, no traceback. (tests/test_mcp.py drives the server itself.)"""
    for name in ["mcp", *(m for m in sys.modules if m.startswith("mcp."))]:
        monkeypatch.setitem(sys.modules, name, None)  # as if `pip install itfind` only
    monkeypatch.delitem(sys.modules, "itfind.cli.mcp_server", raising=False)
    result = cli("mcp", "-c", str(MINI))
    assert result.code == 1 and result.out == ""
    assert result.err == (
        "itfind: error: itfind mcp needs the MCP extra (mcp is not installed)\n"
        "install it with: pip install 'itfind[mcp]'\n"
    )
