"""`site-builder import sf-rcv`: the San Francisco Department of Elections' ranked-choice reports made into
records, every file accounted for, every round checked against the reports read again by simpler rules."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from record_changes import load, run_import, snapshot

from site_builder.adapters.cli import main
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory

FIXTURES = Path(__file__).parent / "fixtures" / "rcv-archive" / "SanFrancisco"
PASSES = FIXTURES / "20161206_d3.txt"
DETAIL = FIXTURES / "20191125_d5_detail.txt"
DEFENDER = FIXTURES / "20181127_defender.txt"
ONE_ROUND = FIXTURES / "SanFran_BOS_Dis1_2012.txt"
SUMMARY = FIXTURES / "SanFran_Treasurer_2005.txt"
TABLE = FIXTURES / "SanFran_BOS_Dis1_2004.txt"
TABLE_AGAIN = FIXTURES / "sanfrancisco_citycouncildistrict1_2004.txt"
CUT = FIXTURES / "SanFrancisco_RCV_District_5_2004"
FILES = [PASSES, DETAIL, DEFENDER, ONE_ROUND, SUMMARY, TABLE, TABLE_AGAIN, CUT]
ARCHIVE = (
    "https://github.com/jordanholbrook/archive/blob/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
    "rcv_pipeline/data/source_data/SanFrancisco/"
)
PUBLISHER = "San Francisco Department of Elections"
REAL = Path(__file__).resolve().parents[2] / "shared" / "data-sources" / "rcv-archive" / "SanFrancisco"


def race(root: Path, day: dt.date, district: str | None) -> dict[str, Any]:
    election = next(e for e in load(root, "cities/ca/san-francisco.yml")["elections"] if e["date"] == day)
    return next(o for o in election["offices"] if o.get("district") == district)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("sf")
    result = run_import("sf-rcv", root, *FILES)
    assert result.exit_code == 0, result.output
    return root, result.output


def test_every_file_is_accounted_for_with_its_reason(imported: tuple[Path, str]) -> None:
    _, output = imported
    accounts = [line for line in output.splitlines() if re.match(r"review: (imported|repeat|outside|unread) ", line)]
    assert accounts == [
        f"review: imported {PASSES.as_posix()}: 2016 San Francisco Board of Supervisors, District 3",
        f"review: imported {DETAIL.as_posix()}: 2019 San Francisco Board of Supervisors, District 5",
        f"review: outside {DEFENDER.as_posix()}: `Public Defender` (2018-11-06): an office of the county of "
        "San Francisco, outside the directory",
        f"review: imported {ONE_ROUND.as_posix()}: 2012 San Francisco Board of Supervisors, District 1",
        f"review: imported {SUMMARY.as_posix()}: 2005 San Francisco Treasurer",
        f"review: imported {TABLE.as_posix()}: 2004 San Francisco Board of Supervisors, District 1",
        f"review: repeat {TABLE_AGAIN.as_posix()}: the contest `District 1` of 2004-11-02 in {TABLE.as_posix()}, "
        "imported",
        f"review: unread {CUT.as_posix()}: a table of passes without its rows `Eligible Ballots`, `Exhausted "
        "Ballots` and `Total Ballots`: cut short, its rounds cannot be checked",
    ]
    assert "review: read 5 races (2004: 1, 2005: 1, 2012: 1, 2016: 1, 2019: 1); 6 rounds in 3 races" in output


def test_a_pass_report_exactly(imported: tuple[Path, str]) -> None:
    root, _ = imported
    official = "https://sfelections.org/results/20161108/data/20161206/d3/20161206_d3.pdf"
    assert race(root, dt.date(2016, 11, 8), "District 3") == {
        "office": "Board of Supervisors",
        "district": "District 3",
        "write_ins": 0,
        "ballots": 31521,
        "undervotes": 4839,
        "exhausted": 24,
        "rounds": [
            {
                "round": 2,
                "write_ins": 0,
                "exhausted": 24,
                "counts": [
                    {"candidate": "aaron-peskin", "votes": 19211, "outcome": "elected"},
                    {"candidate": "tim-e-donnelly", "votes": 7447, "outcome": "defeated"},
                ],
            }
        ],
        "source": {
            "url": official,
            "title": "2016 San Francisco Board of Supervisors, District 3: ranked-choice results report",
            "publisher": PUBLISHER,
        },
    }
    peskin = load(root, "candidates/ca/san-francisco/aaron-peskin.yml")
    assert peskin["candidacies"] == [
        {
            "election": "2016-11-08-general",
            "office": "Board of Supervisors",
            "district": "District 3",
            "status": "won",
            "votes": 19211,
            "source": {
                "url": ARCHIVE + "20161206_d3.txt",
                "title": "2016 San Francisco Board of Supervisors, District 3: ranked-choice report of the "
                "San Francisco Department of Elections, as text",
                "publisher": "jordanholbrook/archive (GitHub)",
            },
        }
    ]
    assert [s["url"] for s in peskin["sources"]] == [ARCHIVE + "20161206_d3.txt", official]


def test_a_detail_report_exactly(imported: tuple[Path, str]) -> None:
    root, _ = imported
    item = race(root, dt.date(2019, 11, 5), "District 5")
    assert {k: v for k, v in item.items() if k != "source"} == {
        "office": "Board of Supervisors",
        "district": "District 5",
        "ballots": 24765,
        "undervotes": 1050,
        "exhausted": 40,
        "rounds": [
            {
                "round": 2,
                "exhausted": 112,
                "counts": [
                    {"candidate": "dean-preston", "votes": 11309},
                    {"candidate": "vallie-brown", "votes": 11259},
                    {"candidate": "ryan-lam", "votes": 1035},
                    {"candidate": "nomvula-o-meara", "votes": 0, "outcome": "defeated"},
                ],
            },
            {
                "round": 3,
                "exhausted": 454,
                "counts": [
                    {"candidate": "dean-preston", "votes": 11723, "outcome": "elected"},
                    {"candidate": "vallie-brown", "votes": 11538, "outcome": "defeated"},
                    {"candidate": "ryan-lam", "votes": 0, "outcome": "defeated"},
                ],
            },
        ],
    }
    assert (
        item["source"]["url"] == "https://www.sfelections.org/results/20191105/data/20191125/d5/20191125_d5_detail.pdf"
    )
    first = {
        load(root, f"candidates/ca/san-francisco/{slug}.yml")["name"]: load(
            root, f"candidates/ca/san-francisco/{slug}.yml"
        )["candidacies"][0]["votes"]
        for slug in ("dean-preston", "vallie-brown", "ryan-lam", "nomvula-o-meara")
    }
    assert first == {"Dean Preston": 11239, "Vallie Brown": 11208, "Ryan Lam": 950, "Nomvula O'Meara": 278}


def test_a_table_of_passes_exactly_its_day_from_the_repeat_that_prints_it(imported: tuple[Path, str]) -> None:
    root, _ = imported
    item = race(root, dt.date(2004, 11, 2), "District 1")
    assert (item["ballots"], item.get("undervotes"), item["exhausted"], item["write_ins"]) == (30721, None, 1934, 0)
    assert [(r["round"], r["exhausted"], r["write_ins"]) for r in item["rounds"]] == [
        (2, 2145, 0),
        (3, 2433, 0),
        (4, 4781, 0),
    ]
    assert item["rounds"][0]["counts"][-2:] == [
        {"candidate": "jeffrey-s-freebairn", "votes": 0, "outcome": "defeated"},
        {"candidate": "leanna-dawydiak", "votes": 0, "outcome": "defeated"},
    ]
    assert item["rounds"][-1]["counts"] == [
        {"candidate": "jake-mcgoldrick", "votes": 14011, "outcome": "elected"},
        {"candidate": "lillian-sing", "votes": 11929, "outcome": "defeated"},
        {"candidate": "david-heller", "votes": 0, "outcome": "defeated"},
        {"candidate": "matt-tuchow", "votes": 0, "outcome": "defeated"},
    ]
    mcgoldrick = load(root, "candidates/ca/san-francisco/jake-mcgoldrick.yml")
    assert mcgoldrick["name"] == "Jake McGoldrick"
    assert mcgoldrick["candidacies"][0]["status"] == "won" and mcgoldrick["candidacies"][0]["votes"] == 11815
    assert item["source"] == {
        "url": ARCHIVE + "SanFran_BOS_Dis1_2004.txt",
        "title": "2004 San Francisco Board of Supervisors, District 1: ranked-choice voting results, the report as "
        "text in jordanholbrook/archive (GitHub)",
        "publisher": PUBLISHER,
    }


def test_a_race_won_on_first_choices_as_the_report_says_it(imported: tuple[Path, str]) -> None:
    root, _ = imported
    treasurer = race(root, dt.date(2005, 11, 8), None)
    assert treasurer["office"] == "Treasurer" and treasurer["write_ins"] == 0 and "rounds" not in treasurer
    council = race(root, dt.date(2012, 11, 6), "District 1")
    assert council["write_ins"] == 96 and "rounds" not in council
    votes = {}
    for slug in ("jose-cisneros", "calvin-louie", "isaac-wang", "manuel-b-valle", "eric-mar", "david-e-lee"):
        record = load(root, f"candidates/ca/san-francisco/{slug}.yml")
        votes[record["name"]] = (record["candidacies"][0]["votes"], record["candidacies"][0]["status"])
    assert votes == {
        "Jose Cisneros": (107632, "won"),
        "Calvin Louie": (43020, "lost"),
        "Isaac Wang": (16054, "lost"),
        "Manuel B. Valle": (8692, "lost"),
        "Eric Mar": (15266, "won"),
        "David E. Lee": (11019, "lost"),
    }


def test_a_first_choice_summary_is_read_only_where_it_says_the_race_was_won_on_them(tmp_path: Path) -> None:
    folder = tmp_path / "SanFrancisco"
    folder.mkdir()
    silent = folder / "SanFran_Treasurer_2005.txt"
    silent.write_bytes(SUMMARY.read_bytes().replace(b"Since one candidate received more than 50% +1", b"Since"))
    result = run_import("sf-rcv", tmp_path / "root", PASSES, silent)
    assert result.exit_code == 0, result.output
    assert (
        f"review: unread {silent.as_posix()}: a summary of first choices (`ELECTION SUMMARY` or `SUMMARY REPORT`, "
        "dotted columns) that does not say the race was won on first choices: a layout not read"
    ) in result.output


def test_the_imported_records_validate_and_are_canonical(imported: tuple[Path, str]) -> None:
    root, _ = imported
    _, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert errors(problems) == [] and problems == []
    result = CliRunner().invoke(main, ["fmt", "--check", "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    assert run_import("sf-rcv", tmp_path, *FILES).exit_code == 0
    before = snapshot(tmp_path)
    result = run_import("sf-rcv", tmp_path, *FILES)
    assert result.exit_code == 0
    assert result.output.endswith("0 files written\n")
    assert snapshot(tmp_path) == before


def test_a_repeat_is_told_by_its_title_not_its_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "SanFrancisco"
    folder.mkdir()
    renamed = folder / "20201201_d9_detail.txt"
    shutil.copy(PASSES, renamed)
    result = run_import("sf-rcv", tmp_path / "root", PASSES, renamed)
    assert result.exit_code == 0, result.output
    assert (
        f"review: repeat {renamed.as_posix()}: the contest `Board of Supervisors, District 3` of 2016-11-08 in "
        f"{PASSES.as_posix()}, imported"
    ) in result.output


def test_a_repeat_with_other_counts_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "SanFrancisco"
    folder.mkdir()
    other = folder / "again.txt"
    text = PASSES.read_bytes()
    other.write_bytes(
        text.replace(b"Exhausted by Over Votes\n24", b"Exhausted by Over Votes\n25").replace(b"31521", b"31522")
    )
    root = tmp_path / "root"
    root.mkdir()
    result = run_import("sf-rcv", root, PASSES, other)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {other.as_posix()}:34: the contest `Board of Supervisors, District 3`")
    assert "with other counts" in result.output
    assert snapshot(root) == {}


DETAIL_TEXT = DETAIL.read_bytes()
PASS_TEXT = PASSES.read_bytes()
TABLE_TEXT = TABLE.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (DETAIL.name, b"", ":1: the file is empty"),
        (
            DETAIL.name,
            DETAIL_TEXT.replace(b"DEAN PRESTON\n11,309", b"DEAN PRESTON\n11,310", 1),
            ":118: the rows of round 2 do not add up to its 23603 continuing ballots",
        ),
        (
            DETAIL.name,
            DETAIL_TEXT.replace(b"Non Transferable Total\n1,090", b"Non Transferable Total\n1,091", 1),
            ":67: the ballots counted for nobody in round 1 are not 1091",
        ),
        (
            DETAIL.name,
            DETAIL_TEXT.replace(b"DEAN PRESTON is elected because", b"VALLIE BROWN is elected because"),
            ":190: `Vallie Brown` is elected or defeated twice",
        ),
        (
            DETAIL.name,
            DETAIL_TEXT[: DETAIL_TEXT.rindex(b"Non Transferable Total")],
            "the round has no `Non Transferable Total`: the file may be cut short",
        ),
        (
            DETAIL.name,
            DETAIL_TEXT.replace(b"DEAN PRESTON\n11,239", b"DEAN\xe2\x80\xaePRESTON\n11,239", 1),
            ":48: the name `DEAN\\u202ePRESTON`: U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed in a record",
        ),
        (
            PASSES.name,
            PASS_TEXT.replace(b"AARON PESKIN\n19211", b"AARON PESKIN\n19212", 1),
            ":15: the rows of pass 0 do not add up to 26658 continuing ballots",
        ),
        (PASSES.name, PASS_TEXT.replace(b"** WINNER **\n", b""), "the last pass does not mark one `** WINNER **`"),
        (
            TABLE.name,
            TABLE_TEXT.replace(b"9309\t10036", b"9309\t10037"),
            ":15: the rows of pass 3 do not add up to its 28288 eligible ballots",
        ),
        (TABLE.name, TABLE_TEXT.replace(b"2531*", b"2531"), ":8: no count in pass 4, and no pass marked `*` before it"),
        (TABLE.name, TABLE_TEXT.replace(b"(Winner 54.013%)", b""), ":6: the table does not mark one `(Winner ...)`"),
        (
            SUMMARY.name,
            SUMMARY.read_bytes().replace(b"107,632   61.36", b"50,632   61.36"),
            ":7: the file says the race was won on first choices, but nobody holds a majority",
        ),
        (
            ONE_ROUND.name,
            ONE_ROUND.read_bytes().replace(b"Total\t\t28533", b"Total\t\t28534"),
            "round 1 counts 28533 votes where 28534 were cast",
        ),
    ],
    ids=[
        "empty",
        "round-misread",
        "nobody-misread",
        "wrong-winner",
        "cut-short",
        "refused-character",
        "pass",
        "no-winner",
        "table-misread",
        "table-no-mark",
        "table-no-winner",
        "summary-no-majority",
        "one-round-total",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    folder = tmp_path / "SanFrancisco"
    folder.mkdir()
    path = folder / name
    path.write_bytes(content)
    root = tmp_path / "root"
    root.mkdir()
    good = PASSES if name != PASSES.name else DETAIL
    result = run_import("sf-rcv", root, good, path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path.as_posix()}:"), result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(root) == {}


# --- the real folder, read again by simpler rules --------------------------------------------------------------


def _ends(name: str) -> tuple[str, str]:
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    words = plain.casefold().replace('"', "").replace("'", "").split()
    return words[0], words[-1]


def _numbers(lines: list[str], label: str) -> list[int]:
    return [int(lines[i + 1].replace(",", "")) for i, line in enumerate(lines) if line == label]


def report(path: Path) -> dict[str, Any]:
    """What a report says, read by its own simple rules: the winner it marks or names, the number of rounds,
    and the votes counted (the ballots less the blank ones) in its first round."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    if "Final State" in lines:
        total = _numbers(lines, "Total Ballots")[0] - _numbers(lines, "Under Votes")[0]
        return {
            "winner": lines[lines.index("** WINNER **") - 1],
            "rounds": lines.count("Final State"),
            "total": total,
        }
    headers = [line.split("\t") for line in lines if "\tPass 1\t" in line]
    if headers:  # a table of passes: the winner's row is marked, the total is the ballots of its first pass
        marked = next(line for line in lines if "(Winner " in line)
        total_row = next(line for line in lines if line.startswith("Total Ballots"))
        return {
            "winner": marked.split("\t")[0].split(" (Winner")[0].strip(),
            "rounds": sum(1 for cell in headers[0] if cell.strip().startswith("Pass ")),
            "total": int(total_row.split("\t")[1].replace(",", "")),
        }
    if not any(" is elected because " in line for line in lines):  # a race won on first choices
        rows = [
            (m[1].strip(" ."), int(m[2].replace(",", "")))
            for line in path.read_text(encoding="utf-8").splitlines()
            if (m := re.match(r"^ +([A-Z][^\t]*?)[ .]+ ([0-9][0-9,]*)(?: +[0-9]*\.[0-9]+)? *$", line))
            or (m := re.match(r"^([A-Z][^\t]*)\t\t([0-9]+)\t[0-9.]+%$", line))
        ]
        heads = ("PRECINCTS", "REGISTERED", "BALLOTS", "Total")
        rows = [(name, votes) for name, votes in rows if not name.startswith(heads) and "VOTE FOR" not in name.upper()]
        cast = sum(votes for _, votes in rows)
        ahead = [name for name, votes in rows if votes * 2 > cast and "WRITE-IN" not in name]
        assert len(ahead) == 1, path
        return {"winner": ahead[0], "rounds": 1, "total": None, "cast": cast}
    winner = next(line for line in lines if " is elected because " in line).split(" is elected ")[0]
    rounds = sum(1 for line in lines if re.fullmatch(r"Round [0-9]+", line))
    total = (
        _numbers(lines, "Continuing Ballots Total")[0]
        + _numbers(lines, "Non Transferable Total")[0]
        - _numbers(lines, "Blanks")[0]
    )
    return {"winner": winner, "rounds": rounds, "total": total}


@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real reports are not beside the repository ({REAL})")
def test_the_real_reports_add_up_and_elect_the_reports_winners(tmp_path: Path) -> None:
    files = sorted(REAL.iterdir())
    result = run_import("sf-rcv", tmp_path, *files)
    assert result.exit_code == 0, result.output
    accounts = re.findall(r"^review: (imported|repeat|outside|unread) (.+?): (.+)$", result.output, re.MULTILINE)
    assert sorted(file for _, file, _ in accounts) == sorted(p.as_posix() for p in files)  # each file once
    tally: dict[str, int] = {}
    for what, _, _ in accounts:
        tally[what] = tally.get(what, 0) + 1
    assert tally == {"imported": 56, "repeat": 4, "outside": 15, "unread": 8}
    elections = load(tmp_path, "cities/ca/san-francisco.yml")["elections"]
    people: dict[tuple[int, str, str], dict[str, dict[str, Any]]] = {}
    for path in sorted((tmp_path / "candidates/ca/san-francisco").glob("*.yml")):
        record = load(tmp_path, path.relative_to(tmp_path).as_posix())
        for candidacy in record["candidacies"]:
            key = (int(candidacy["election"][:4]), candidacy["office"], candidacy.get("district", ""))
            people.setdefault(key, {})[record["name"]] = candidacy
    checked = 0
    for what, file, label in accounts:
        if what != "imported":
            continue
        expected = report(Path(file))
        match = re.fullmatch(r"(\d{4}) San Francisco ([^,]+)(?:, (.+))?", label)
        assert match, label
        year, office, district = int(match[1]), match[2], match[3] or ""
        item = next(
            o
            for e in elections
            if e["date"].year == year
            for o in e["offices"]
            if o["office"] == office and o.get("district", "") == district
        )
        candidacies = people[(year, office, district)]
        first = sum(c["votes"] for c in candidacies.values()) + item.get("write_ins", 0) + item.get("exhausted", 0)
        if expected["total"] is None:  # a race won on first choices: its rows, all of them counted
            total = expected["cast"]
        else:
            total = item["ballots"] - item.get("undervotes", 0)
            assert total == expected["total"], file
        assert first == total, file
        rounds = item.get("rounds", [])
        assert len(rounds) + 1 == expected["rounds"], file
        for counted in rounds:
            votes = sum(c["votes"] for c in counted["counts"])
            assert votes + counted.get("write_ins", 0) + counted.get("exhausted", 0) == total, file
        won = [name for name, c in candidacies.items() if c["status"] == "won"]
        assert [_ends(name) for name in won] == [_ends(expected["winner"].replace("''", "'"))], file
        checked += 1
    assert checked == 56
