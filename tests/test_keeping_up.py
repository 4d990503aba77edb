"""Keeping up: `changes` across the catalogue, Atom feeds, `diff` between catalogues,
and saved searches that say what is new."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from .conftest import MINI, installed_env, record

feedparser = pytest.importorskip("feedparser")


# ---------------------------------------------------------------- changes


def test_changes_since_2025_lists_the_year_newest_first(cli):
    rows = json.loads(cli("changes", "--since", "2025-01-01", "--json").out)
    dates = [r["date"] for r in rows]
    firsts = [{4: f"{d}-01-01", 7: f"{d}-01"}.get(len(d), d) for d in dates]
    assert firsts == sorted(firsts, reverse=True), "newest first"
    assert all(d >= "2025" for d in dates)
    found = {(r["id"], r["kind"]) for r in rows}
    assert ("tvp", "ends") in found  # no new applications from 1 Jan 2025
    assert ("bud-fund", "ratio") in found  # 1:1 to 1:3 in March 2025
    assert any(kind == "launch" for _, kind in found)  # schemes new in 2025-26
    assert set(rows[0]) == {"date", "id", "name", "kind", "change", "source", "planned"}


def test_changes_take_the_usual_filters(cli):
    only = json.loads(cli("changes", "--id", "tvp", "--json").out)
    assert {r["id"] for r in only} == {"tvp"} and len(only) >= 5
    window = json.loads(
        cli("changes", "--since", "2024-12-01", "--until", "2025-01-31", "--json").out
    )
    assert window and all("2024-12" <= r["date"][:7] <= "2025-01" for r in window)
    recent = cli("changes", "--since", "6m", "--as-of", "2026-03-01", "--json")
    assert all(r["date"] >= "2025-09" for r in json.loads(recent.out))
    schools = json.loads(cli("changes", "--type", "school", "--json").out)
    assert {"it-lab-secondary", "kmait-primary"} & {r["id"] for r in schools}
    assert "nias" not in {r["id"] for r in schools}
    bad = cli("changes", "--since", "someday")
    assert bad.code == 2 and "--since needs a date" in bad.err


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Third application period 11 Sep to 31 Oct 2025.", "opens"),
        ("ITC invited proposals for the third cluster; deadline 29 August 2025.", "opens"),
        ("First-round applications closed; results expected in 2026.", "closes"),
        ("Streamlined vetting introduced for applications of HK$2.8 million or less.", "rule"),
        ("The designated-area restriction lifted; a dedicated application window.", "rule"),
        # words that only look like a window
        ("The Budget said it had funded 15 projects; no application round was mentioned.", "other"),
        ("First project supported by the Vetting Committee.", "other"),
        ("The Budget injected HK$1 billion into the fund.", "other"),
    ],
)
def test_the_kind_of_a_change_in_words(text, kind):
    from itfind.changes import kind_of

    assert kind_of(text) == kind


def test_changes_still_to_come_are_pointed_out(mini):
    """Newest first puts scheduled changes on top; a reader is told they have not
    happened yet, and how to leave them out."""
    everything = mini("changes", "--fields", "date,id")
    assert everything.out.splitlines()[:2] == ["2026-10-31\tsoon", "2026-09-01\tsoon"]
    assert "The first 2 are dated after 2026-06-15: scheduled or announced" in everything.err
    past = mini("changes", "--until", "0d", "--fields", "date,id")
    assert "soon" not in past.out and "dated after" not in past.err
    assert "dated after" not in mini("changes", "--since", "2026-01-01", "--id", "closed-one").err


def test_the_changes_feed_is_valid_atom_with_stable_ids(cli):
    first = cli("changes", "--since", "2025-01-01", "-f", "atom").out
    again = cli("changes", "--since", "2025-01-01", "-f", "atom").out
    assert first == again, "regenerating the feed changes nothing"
    feed = feedparser.parse(first)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) > 10
    tvp = next(e for e in feed.entries if "Technology Voucher" in e.title and "2025" in e.updated)
    assert tvp.link.startswith("https://") and tvp.author
    assert all(e.updated_parsed for e in feed.entries)


def test_hostile_text_cannot_add_elements_to_a_feed(cli, tmp_path):
    path = tmp_path / "c.yaml"
    evil = "</summary><script>alert(1)</script><entry><id>x</id></entry> & \x1b[2J"
    path.write_text(
        yaml.safe_dump(
            {
                "schemes": [
                    record(
                        "evil",
                        "Evil <b>Name</b>",
                        administrator="A & B </name>",
                        history=[{"date": "2025-05-05", "change": evil}],
                    )
                ]
            },
            allow_unicode=True,
        )
    )
    out = cli("changes", "-c", str(path), "-f", "atom").out
    assert "<script>" not in out and "\x1b" not in out
    feed = feedparser.parse(out)
    assert not feed.bozo and len(feed.entries) == 1
    entry = feed.entries[0]
    assert "<script>alert(1)</script>" in entry.summary  # shown as text, not obeyed
    assert entry.author == "A & B </name>"


def test_deadlines_as_a_feed(cli):
    feed = feedparser.parse(cli("deadlines", "-f", "atom", "--as-of", "2026-01-01").out)
    assert not feed.bozo and feed.entries
    assert len({e.id for e in feed.entries}) == len(feed.entries)


# ---------------------------------------------------------------- diff


def catalogue_with(tmp_path, name, change) -> str:
    data = yaml.safe_load(MINI.read_text())
    change(data["schemes"])
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return str(path)


def test_diff_reports_fields_and_follows_diffs_exit_codes(cli, tmp_path):
    def edit(schemes):
        voucher = next(s for s in schemes if s["id"] == "voucher")
        voucher["funding"]["max_hkd"] = 800000
        voucher["status"] = "closed"
        schemes.append(record("fresh", "Fresh Fund", summary_zh=None))
        schemes[:] = [s for s in schemes if s["id"] != "uni-only"]

    new = catalogue_with(tmp_path, "new.yaml", edit)
    result = cli("diff", str(MINI), new, "--json")
    assert result.code == 1
    rows = {(r["id"], r["change"], r["field"]): r for r in json.loads(result.out)}
    assert rows[("voucher", "changed", "funding.max_hkd")]["old"] == 600000
    assert rows[("voucher", "changed", "funding.max_hkd")]["new"] == 800000
    assert rows[("voucher", "changed", "status")]["new"] == "closed"
    assert ("fresh", "added", None) in rows and ("uni-only", "removed", None) in rows
    assert len(rows) == 4
    same = cli("diff", str(MINI), str(MINI))
    assert same.code == 0 and same.out == "" and "same" in same.err
    missing = cli("diff", str(MINI), str(tmp_path / "nope.yaml"))
    assert missing.code == 2 and "no such file" in missing.err


def test_diff_compares_a_catalogue_written_under_older_rules(cli, tmp_path):
    """An old revision predates today's rules (here: no Chinese twin of a summary, as
    before they were required): it is still compared, with a note, field by field;
    only a file that is no catalogue at all stops the diff (exit 2)."""

    def before_chinese(schemes):
        voucher = next(s for s in schemes if s["id"] == "voucher")
        del voucher["summary_zh"]

    old = catalogue_with(tmp_path, "old.yaml", before_chinese)
    assert cli("validate", old).code == 1  # not a valid catalogue today
    result = cli("diff", old, str(MINI), "--json")
    assert result.code == 1, result.err
    rows = [(r["id"], r["change"], r["field"], r["old"]) for r in json.loads(result.out)]
    assert rows == [("voucher", "changed", "summary_zh", None)]
    assert f"note: {old} has 1 problem under today's rules" in result.err
    garbage = tmp_path / "garbage.yaml"
    garbage.write_text("just: [a, list\n")
    broken = cli("diff", str(garbage), str(MINI))
    assert broken.code == 2 and "YAML error" in broken.err


def test_diff_reads_one_side_from_stdin_and_sees_a_rename(tmp_path):
    def rename(schemes):
        voucher = next(s for s in schemes if s["id"] == "voucher")
        voucher["id"] = "voucher-2"
        voucher["aliases"] = [*voucher.get("aliases", []), voucher["name"]]

    new = catalogue_with(tmp_path, "new.yaml", rename)
    done = subprocess.run(
        [sys.executable, "-m", "itfind", "diff", "-", new, "--json"],
        input=MINI.read_bytes(),
        capture_output=True,
        env=installed_env(tmp_path),
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    rows = json.loads(done.stdout)
    renamed = [r for r in rows if r["change"] == "renamed"]
    assert [(r["id"], r["old"], r["new"]) for r in renamed] == [("voucher", "voucher", "voucher-2")]
    assert not any(r["change"] == "added" for r in rows)


# ---------------------------------------------------------------- watch


def test_a_saved_search_reports_exactly_what_changed(cli, tmp_path, monkeypatch):
    path = tmp_path / "catalogue.yaml"
    path.write_text(MINI.read_text())
    monkeypatch.setenv("ITFIND_CATALOGUE", str(path))
    added = cli("watch", "add", "tech", "--", "eligible", "--type", "enterprise")
    assert added.code == 0, added.err
    first = cli("watch", "run", "--exit-code", "--as-of", "2026-06-01")
    assert first.code == 0 and "first run, nothing to compare with yet" in first.err

    data = yaml.safe_load(path.read_text())
    voucher = next(s for s in data["schemes"] if s["id"] == "voucher")
    voucher["funding"]["max_hkd"] = 900000  # a cap raised
    mystery = next(s for s in data["schemes"] if s["id"] == "mystery")
    mystery["status"] = "closed"  # a status closed: eligible now hides it
    data["schemes"].append(record("new-fund", "New Fund", applicant_types=["enterprise"]))
    path.write_text(yaml.safe_dump(data, allow_unicode=True))

    news = cli("watch", "run", "--exit-code", "--as-of", "2026-06-01", "--json")
    assert news.code == 1, news.err
    rows = [(r["id"], r["change"], r["field"], r["new"]) for r in json.loads(news.out)]
    assert sorted(rows) == sorted(
        [
            ("voucher", "changed", "funding.max_hkd", 900000),
            ("mystery", "dropped", "why", "status: closed"),  # as --why-not says
            ("new-fund", "new", None, None),
        ]
    )
    quiet = cli("watch", "run", "--exit-code", "--as-of", "2026-06-01")
    assert quiet.code == 0 and quiet.out == "" and "tech: nothing new." in quiet.err

    data["schemes"] = [s for s in data["schemes"] if s["id"] != "new-fund"]  # removed
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    gone = json.loads(cli("watch", "run", "--as-of", "2026-06-01", "--json").out)
    assert [(r["id"], r["new"]) for r in gone] == [("new-fund", "not in the catalogue any more")]


def test_watch_checks_what_it_saves_and_survives_a_damaged_snapshot(cli, hermetic):
    assert cli("watch", "add", "x", "--", "list").code == 2
    assert cli("watch", "add", "Bad Name", "--", "search", "ai").code == 2
    assert cli("watch", "add", "x", "--", "search", "ai", "--json").code == 2
    failing = cli("watch", "add", "x", "--", "eligible", "--type", "spaceship")
    assert failing.code == 1 and "failed" in failing.err
    assert cli("watch", "add", "ai", "--", "search", "ai").code == 0
    assert cli("watch", "add", "ai", "--", "search", "ai").code == 2  # exists
    assert cli("watch", "run").code == 0
    snapshot = hermetic / "state" / "itfind" / "watch" / "ai.snapshot.json"
    snapshot.write_text("{not json")
    damaged = cli("watch", "run", "--exit-code")
    assert damaged.code == 0 and "was damaged" in damaged.err and "Traceback" not in damaged.err
    assert json.loads(snapshot.read_text())["snapshot"]
    listed = cli("watch", "list", "--json")
    assert [r["name"] for r in json.loads(listed.out)] == ["ai"]
    assert cli("watch", "remove", "ai").code == 0
    assert cli("watch", "remove", "ai").code == 2
    assert "state" in cli("paths").out
