"""`itfind mcp`, driven as an assistant drives it: started as a subprocess and spoken to
through the MCP SDK's own stdio client. Every tool's structured result must equal what
the CLI's `--format json` prints for the same question, so the server can never become a
second, drifting implementation.

Needs the optional extra (`pip install '.[mcp]'`); `.ci/run` installs it and runs this file.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from .conftest import AS_OF, MINI

mcp = pytest.importorskip("mcp")
anyio = pytest.importorskip("anyio")

Session = Any  # mcp.Client, connected


def talk(body: Callable[[Session], Awaitable[Any]], *args: str, **env: str) -> Any:
    """Start `itfind mcp ARGS` and run `body` against it; the server ends with the client."""
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "itfind", "mcp", *args],
        env={**os.environ, **env},  # the test's own HOME and XDG directories
    )

    async def main() -> Any:
        async with Client(params, read_timeout_seconds=60) as client:
            return await body(client)

    return anyio.run(main)


def mini_server(body: Callable[[Session], Awaitable[Any]], *more: str) -> Any:
    return talk(body, "-c", str(MINI), "--as-of", AS_OF, *more)


def as_cli(cli, *argv: str) -> Any:
    """What `itfind ARGV --json` prints over the same catalogue on the same day."""
    result = cli(*argv, "-c", str(MINI), "--as-of", AS_OF, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


# Each tool with arguments, and the CLI command line that asks the same question.
SAME_QUESTION = [
    ("search_schemes", {"query": "voucher"}, ["search", "voucher"]),
    ("search_schemes", {"query": "scheme", "limit": 3}, ["search", "scheme", "--limit", "3"]),
    (
        "search_schemes",
        {"query": "park", "type": "startup", "limit": 2},
        ["search", "park", "--type", "startup", "--limit", "2"],
    ),
    ("check_eligibility", {"type": "sme"}, ["eligible", "--type", "sme"]),
    (
        "check_eligibility",
        {"type": "sme", "employees": 20, "sectors": ["fintech"], "include_closed": True},
        ["eligible", "--type", "sme", "--employees", "20", "--sector", "fintech"]
        + ["--include-closed"],
    ),
    (
        "check_eligibility",
        {"type": "sme", "cost_hkd": 400000},
        ["eligible", "--type", "sme", "--cost", "400000"],
    ),
    (
        "why_not",
        {"id": "uni-only", "type": "sme"},
        ["eligible", "--type", "sme", "--why-not", "uni-only"],
    ),
    ("get_scheme", {"id_or_name": "voucher"}, ["show", "voucher"]),
    (
        "estimate_grant",
        {"id": "voucher", "cost_hkd": 900000, "used_hkd": 100000},
        ["estimate", "voucher", "--cost", "900000", "--used", "100000"],
    ),
    ("upcoming_deadlines", {}, ["deadlines"]),
    ("upcoming_deadlines", {"within_days": 200}, ["deadlines", "--within", "200d"]),
    ("recent_changes", {}, ["changes"]),
    ("recent_changes", {"since": "2026-01-01"}, ["changes", "--since", "2026-01-01"]),
    (
        "check_eligibility",
        {"type": "sme", "sort": "name", "limit": 2},
        ["eligible", "--type", "sme", "--sort", "name", "--limit", "2"],
    ),
]
# A sentence nothing matches well: the best partial matches, marked not strong.
SAME_QUESTION += [
    ("search_schemes", {"query": "buy an ERP for my shop"}, ["search", "buy an ERP for my shop"])
]
# Fields, as --fields narrows the command's JSON.
SAME_QUESTION += [
    (
        "check_eligibility",
        {"type": "sme", "fields": ["id", "fit", "max_hkd", "why"]},
        ["eligible", "--type", "sme", "--fields", "id,fit,max_hkd,why"],
    ),
    (
        "search_schemes",
        {"query": "scheme", "fields": ["id", "status"]},
        ["search", "scheme", "--fields", "id,status"],
    ),
    ("recent_changes", {"fields": ["date", "id"]}, ["changes", "--fields", "date,id"]),
    ("upcoming_deadlines", {"fields": ["date", "id"]}, ["deadlines", "--fields", "date,id"]),
]
# Tools that give the first `limit` of what the command prints, and the total.
FIRST = [
    ("recent_changes", {"limit": 2}, ["changes"]),
    ("recent_changes", {"since": "2025-01-01", "until": "2026-06-01"}, None),
    ("upcoming_deadlines", {"limit": 1}, ["deadlines"]),
    ("check_eligibility", {"type": "enterprise", "limit": 1}, ["eligible", "--type", "enterprise"]),
]


def test_every_tool_answers_as_the_cli_json_does(cli):
    async def body(client):
        return [await client.call_tool(name, arguments) for name, arguments, _argv in SAME_QUESTION]

    answers = mini_server(body)
    for (name, arguments, argv), answer in zip(SAME_QUESTION, answers, strict=True):
        assert not answer.is_error, (name, answer.content[0].text)
        got = answer.structured_content
        assert got is not None, (name, answer.content[0].text[:300])
        assert got["results"] == as_cli(cli, *argv), (name, arguments)
        assert got["as_of"] == AS_OF
        # Every scheme in the answer comes with what an assistant must cite.
        ids = {r["id"] for r in got["results"]}
        assert ids <= set(got["schemes"]), name
        for facts in got["schemes"].values():
            assert {"url", "apply_url", "sources", "last_verified", "status"} <= set(facts)
    eligible = answers[[q[0] for q in SAME_QUESTION].index("check_eligibility")].structured_content
    assert eligible["hidden_closed"] >= 1  # closed-one is left out and counted
    shown = answers[[q[0] for q in SAME_QUESTION].index("get_scheme")].structured_content
    assert shown["exact"] is True
    searched = {
        arguments["query"]: answer.structured_content
        for (name, arguments, _argv), answer in zip(SAME_QUESTION, answers, strict=True)
        if name == "search_schemes"
    }
    assert searched["voucher"]["strong"] is True
    weak = searched["buy an ERP for my shop"]
    assert weak["results"] and weak["strong"] is False  # the CLI says "No strong match"


def test_long_answers_are_cut_at_the_limit_and_say_how_many_there_are(cli):
    async def body(client):
        return [await client.call_tool(name, arguments) for name, arguments, _argv in FIRST]

    answers = [a.structured_content for a in mini_server(body)]
    for (name, arguments, argv), got in zip(FIRST, answers, strict=True):
        if argv is None:
            continue
        everything = as_cli(cli, *argv)
        assert len(everything) > arguments["limit"], name  # the cut is seen
        assert got["results"] == everything[: arguments["limit"]], name
        assert got["total"] == len(everything), name
    between = answers[1]["results"]
    assert between and all("2025-01-01" <= c["date"] <= "2026-06-01" for c in between)
    assert between == as_cli(cli, "changes", "--since", "2025-01-01", "--until", "2026-06-01")


def test_the_sort_orders_offered_are_the_command_lines():
    from typing import get_args

    from itfind.catalogue.results import SORTS
    from itfind.cli.mcp_server import SortWord

    assert get_args(SortWord) == SORTS


def test_tools_are_listed_with_schemas_and_vocabularies_as_enums():
    from itfind import vocab

    async def body(client):
        return (await client.list_tools()).tools

    tools = {t.name: t for t in mini_server(body)}
    assert set(tools) == {
        "search_schemes",
        "check_eligibility",
        "why_not",
        "get_scheme",
        "estimate_grant",
        "upcoming_deadlines",
        "recent_changes",
    }
    for tool in tools.values():
        assert tool.input_schema["type"] == "object"
        assert "cite" in tool.description and "unknown" in tool.description
    props = tools["check_eligibility"].input_schema["properties"]
    assert tools["check_eligibility"].input_schema["required"] == ["type"]

    def enum(schema: dict) -> list[str]:
        """The allowed values, wherever pydantic put them (directly, in anyOf, in items)."""
        for option in schema.get("anyOf", [schema]):
            if "enum" in option:
                return option["enum"]
            if "items" in option:
                return enum(option["items"])
        raise AssertionError(schema)

    assert enum(props["type"]) == vocab.allowed("type")
    assert enum(props["stage"]) == vocab.allowed("stage")
    assert enum(props["sectors"]) == vocab.allowed("sector")
    assert enum(props["member"]) == [*vocab.allowed("member"), "none"]
    assert enum(props["sort"]) == ["fit", "amount", "closes", "name"]
    search = tools["search_schemes"].input_schema["properties"]
    assert enum(search["type"]) == vocab.allowed("type")
    assert enum(search["sector"]) == vocab.allowed("sector")


def test_bad_arguments_are_tool_errors_with_the_cli_messages_and_the_next_call_works(cli):
    async def body(client):
        return [
            await client.call_tool("check_eligibility", {"type": "startupp"}),
            await client.call_tool("search_schemes", {"query": "x", "sector": "fintec"}),
            await client.call_tool("check_eligibility", {"type": "charity"}),  # a synonym
            await client.call_tool("get_scheme", {"id_or_name": "vouchr"}),
            await client.call_tool("get_scheme", {"id_or_name": "no such thing at all"}),
            await client.call_tool("estimate_grant", {"id": "voucher", "cost_hkd": -5}),
            await client.call_tool("why_not", {"id": "nope"}),
            await client.call_tool("search_schemes", {"query": "voucher", "fields": ["idd"]}),
            await client.call_tool("search_schemes", {"query": "voucher"}),
        ]

    answers = mini_server(body)
    bad_type, bad_sector, synonym, guessed, unknown, negative, bad_id, bad_field, fine = answers
    # A word outside a vocabulary: the command line's message, did-you-mean and all.
    for answer, argv in (
        (bad_type, ["eligible", "--type", "startupp"]),
        (bad_sector, ["search", "x", "--sector", "fintec"]),
    ):
        shown = cli(*argv, "-c", str(MINI))
        assert shown.code == 2 and "Did you mean" in shown.err
        assert answer.is_error
        assert answer.content[0].text.endswith(shown.err.removeprefix("itfind: error: ").strip())
    assert not synonym.is_error  # as --type charity is an NGO
    assert synonym.structured_content["results"] == as_cli(cli, "eligible", "--type", "ngo")
    # A near miss is answered as the CLI answers it (with the scheme it meant) ...
    assert not guessed.is_error
    assert guessed.structured_content["results"][0]["id"] == "voucher"
    assert guessed.structured_content["exact"] is False  # as the CLI says on stderr
    # ... and a name that matches nothing is the CLI's error, did-you-mean and all.
    shown = cli("show", "no such thing at all", "-c", str(MINI), "--as-of", AS_OF)
    assert shown.code == 1
    assert unknown.is_error
    message, hint = shown.err.removeprefix("itfind: error: ").splitlines()
    assert unknown.content[0].text.endswith(f"{message}\n{hint}")
    assert negative.is_error and "cost_hkd" in negative.content[0].text
    assert bad_id.is_error and "nope" in bad_id.content[0].text
    assert bad_field.is_error and "unknown field 'idd'" in bad_field.content[0].text
    assert "did you mean 'id'?" in bad_field.content[0].text
    assert not fine.is_error and fine.structured_content["results"]


def test_a_damaged_catalogue_is_an_error_result_and_the_server_keeps_serving(tmp_path):
    catalogue = tmp_path / "schemes.yaml"
    catalogue.write_bytes(MINI.read_bytes())

    async def body(client):
        first = await client.call_tool("get_scheme", {"id_or_name": "voucher"})
        catalogue.write_text("schemes:\n  - id: [unclosed\n", encoding="utf-8")
        broken = await client.call_tool("get_scheme", {"id_or_name": "voucher"})
        try:
            await client.read_resource("itfind://schemes")
            unreadable = None
        except mcp.MCPError as error:
            unreadable = error.error.message
        catalogue.write_bytes(MINI.read_bytes().replace(b"name: ", b"name: Renamed ", 1))
        mended = await client.call_tool("search_schemes", {"query": "voucher"})
        return first, broken, unreadable, mended

    first, broken, unreadable, mended = talk(body, "-c", str(catalogue), "--as-of", AS_OF)
    assert not first.is_error
    assert broken.is_error and "schemes.yaml" in broken.content[0].text
    assert unreadable and "schemes.yaml" in unreadable  # resources say so too
    assert not mended.is_error
    names = [r["name"] for r in mended.structured_content["results"]]
    assert any(n.startswith("Renamed ") for n in names)  # the mended file is read again


def test_as_of_and_language_apply_as_on_the_command_line(cli):
    async def body(client):
        return await client.call_tool("get_scheme", {"id_or_name": "closed-one"})

    early = talk(body, "-c", str(MINI), "--as-of", "2026-02-01").structured_content
    late = talk(body, "-c", str(MINI), "--as-of", "2027-06-01").structured_content
    assert early["results"][0]["status"] == "open"
    assert late["results"][0]["status"] == "closed"
    assert late["schemes"]["closed-one"]["status"] == "closed"  # never shown as open

    async def search(client):
        return await client.call_tool("search_schemes", {"query": "voucher"})

    hans = mini_server(search, "--lang", "zh-hans").structured_content
    assert hans["results"] == as_cli(cli, "search", "voucher", "--lang", "zh-hans")
    assert (
        hans["schemes"]["voucher"]["name_zh"] == hans["results"][0]["name_zh"] == "测试科技券计划"
    )


def test_the_profile_answers_what_a_call_leaves_out(tmp_path, cli):
    profile = tmp_path / "config" / "itfind" / "profile.yaml"
    profile.parent.mkdir(parents=True)
    profile.write_text("type: sme\nemployees: 80\n", encoding="utf-8")

    async def body(client):
        return await client.call_tool("check_eligibility", {"type": "sme"})

    got = mini_server(body).structured_content["results"]
    ids = [r["id"] for r in got]
    assert "sme-only" not in ids  # 80 employees, from the profile, is too many
    assert got == as_cli(cli, "eligible", "--type", "sme")


def test_resources_and_the_prompt():
    async def body(client):
        templates = (await client.list_resource_templates()).resource_templates
        one = await client.read_resource("itfind://schemes/voucher")
        every = await client.read_resource("itfind://schemes")
        prompts = (await client.list_prompts()).prompts
        prompt = await client.get_prompt("find_funding", {"company": "a fintech start-up"})
        return templates, one, every, prompts, prompt

    templates, one, every, prompts, prompt = mini_server(body)
    assert [t.uri_template for t in templates] == ["itfind://schemes/{scheme_id}"]
    record = json.loads(one.contents[0].text)
    assert record["id"] == "voucher" and record["sources"]
    rows = json.loads(every.contents[0].text)
    assert {r["id"] for r in rows} >= {"voucher", "closed-one", "ended-one"}
    assert {r["id"]: r["status"] for r in rows}["closed-one"] == "closed"
    assert [p.name for p in prompts] == ["find_funding"]
    text = prompt.messages[0].content.text
    assert "a fintech start-up" in text and "check_eligibility" in text
    assert "employees" in text and "unknown" in text


def test_nothing_but_protocol_on_stdout():
    """A stray print or log line on stdout would break the client's framing: every line
    the server writes to stdout must be a JSON-RPC message."""
    import subprocess

    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "check_eligibility", "arguments": {"type": "sme"}},
        },
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "get_scheme", "arguments": {"id_or_name": "zzzz"}},
        },
        {
            "jsonrpc": "2.0",
            "id": 4,
            "method": "resources/read",
            "params": {"uri": "itfind://schemes/zzzz"},
        },
    ]
    server = subprocess.Popen(
        [sys.executable, "-m", "itfind", "mcp", "-c", str(MINI), "--as-of", AS_OF],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
    )
    replies = []
    try:
        for message in messages:
            server.stdin.write(json.dumps(message) + "\n")
            server.stdin.flush()
            if "id" in message:  # wait for the answer before the next question
                replies.append(json.loads(server.stdout.readline()))
        rest, errors = server.communicate(timeout=60)  # closes stdin: the client leaves
    finally:
        server.kill()
    assert server.returncode == 0, errors
    assert "Traceback" not in errors
    assert rest == ""  # nothing after the last answer either
    assert all(r.get("jsonrpc") == "2.0" for r in replies)
    first, eligible, unknown, no_resource = replies
    assert first["result"]["serverInfo"]["name"] == "itfind"
    assert eligible["id"] == 2 and eligible["result"]["isError"] is False
    assert unknown["id"] == 3 and unknown["result"]["isError"] is True
    # An unknown id is "not found" with the CLI's message, not a crash with a traceback.
    assert no_resource["error"]["message"].startswith("no scheme matches 'zzzz'")


def test_at_a_terminal_it_says_what_it_is_and_ctrl_c_stops_it():
    """A person who types `itfind mcp` is told it is for assistants, and Ctrl-C stops it
    at once (exit 130), although the SDK is blocked reading stdin in a thread."""
    import pty
    import time

    pid, terminal = pty.fork()
    if pid == 0:  # the child, with the pseudo-terminal as its controlling terminal
        os.execv(sys.executable, [sys.executable, "-m", "itfind", "mcp", "-c", str(MINI)])
    seen = b""
    deadline = time.monotonic() + 30
    while b"Ctrl-C" not in seen and time.monotonic() < deadline:
        seen += os.read(terminal, 4096)
    assert b"serves AI assistants" in seen
    time.sleep(0.5)  # into the SDK's read loop
    os.write(terminal, b"\x03")
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise AssertionError("Ctrl-C did not stop itfind mcp")
    assert os.waitstatus_to_exitcode(status) == 130


def test_the_catalogue_comes_from_itfind_catalogue_and_the_user_overlay(tmp_path):
    """With no -c, the server reads what every command reads: ITFIND_CATALOGUE, else
    the packaged catalogue with the user's overlay on top; an overlay added while the
    server runs is read at the next call."""

    async def voucher(client):
        return await client.call_tool("get_scheme", {"id_or_name": "voucher"})

    chosen = talk(voucher, "--as-of", AS_OF, ITFIND_CATALOGUE=str(MINI)).structured_content
    assert chosen["results"][0]["catalogue"] == str(MINI)

    overlay = tmp_path / "config" / "itfind" / "schemes.yaml"  # XDG_CONFIG_HOME is tmp

    async def before_and_after(client):
        before = await client.call_tool("get_scheme", {"id_or_name": "voucher"})
        overlay.parent.mkdir(parents=True)
        overlay.write_bytes(MINI.read_bytes())
        after = await client.call_tool("get_scheme", {"id_or_name": "voucher"})
        tvp = await client.call_tool("get_scheme", {"id_or_name": "tvp"})
        return before, after, tvp

    before, after, tvp = talk(before_and_after, "--as-of", AS_OF)
    # The packaged catalogue has no test voucher (a forgiving lookup may find the TVP).
    assert before.is_error or before.structured_content["results"][0]["id"] != "voucher"
    assert after.structured_content["results"][0]["catalogue"] == str(overlay)
    assert tvp.structured_content["results"][0]["id"] == "tvp"  # still on top of it
