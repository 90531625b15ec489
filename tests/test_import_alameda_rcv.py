"""`site-builder import alameda-rcv` and `import multnomah-rcv`: the Alameda County Registrar of Voters' reports of
Oakland, Berkeley and San Leandro and Multnomah County's reports of Portland made into records, every file
accounted for, every round checked against the reports read again by simpler rules."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from record_changes import load, run_import, snapshot

from site_builder.adapters.cli import main
from site_builder.directory.build import build_directory
from site_builder.records.problems import errors
from site_builder.records.validate import validate_directory
from site_builder.site.pages import Page, Settings, build_pages

FIXTURES = Path(__file__).parent / "fixtures" / "rcv-archive"
OAKLAND_2010 = FIXTURES / "Oakland/november-2-2010-rcv-oakland-city-council-district-4-pass-report.txt"
OAKLAND_2022 = FIXTURES / "Oakland/Oakland_2022_city_d6.txt"
SCHOOL = FIXTURES / "Oakland/Oakland_2022_school_d4.txt"
BALLOTPEDIA = FIXTURES / "Oakland/Oakland_2020_city_d5.txt"
BERKELEY_MAYOR = FIXTURES / "Berkeley/2024_1105_berkeley_mayor.txt"
BERKELEY_MAYOR_AGAIN = FIXTURES / "Berkeley/Berkeley_2024_mayor.txt"
BERKELEY_2010 = FIXTURES / "Berkeley/november-2-2010-pass-report-berkeley-council-member-dist-4.txt"
SAN_LEANDRO = FIXTURES / "San_Leandro/nov-4-2014-pass-report-city-council-san-leandro-d3.txt"
PRECINCTS = FIXTURES / "San_Leandro/nov-4-2014-comp-results-report-city-council-san-leandro-d3.txt"
ALAMEDA = [BALLOTPEDIA, OAKLAND_2022, SCHOOL, OAKLAND_2010, BERKELEY_MAYOR, BERKELEY_MAYOR_AGAIN, BERKELEY_2010]
ALAMEDA += [PRECINCTS, SAN_LEANDRO]
MAYOR = FIXTURES / "Portland/2024-12-02_15-05-02_report_official.txt"
AUDITOR = FIXTURES / "Portland/2024-12-02_16-00-42_report_official.txt"
ARCHIVE = (
    "https://github.com/jordanholbrook/archive/blob/da02d3d862cc1922127dc405ae2f5a2bcd66a509/"
    "rcv_pipeline/data/source_data/"
)
REAL = Path(__file__).resolve().parents[2] / "shared" / "data-sources" / "rcv-archive"


def race(root: Path, city: str, day: dt.date, office: str, district: str | None = None) -> dict[str, Any]:
    election = next(e for e in load(root, f"cities/{city}.yml")["elections"] if e["date"] == day)
    return next(o for o in election["offices"] if o["office"] == office and o.get("district") == district)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("alameda")
    alameda = run_import("alameda-rcv", root, *ALAMEDA)
    assert alameda.exit_code == 0, alameda.output
    portland = run_import("multnomah-rcv", root, MAYOR, AUDITOR)
    assert portland.exit_code == 0, portland.output
    return root, alameda.output + portland.output


# --- every file accounted for ---------------------------------------------------------------------------


def test_every_file_is_accounted_for_with_its_reason(imported: tuple[Path, str]) -> None:
    _, output = imported
    accounts = [line for line in output.splitlines() if re.match(r"review: (imported|repeat|outside|unread) ", line)]
    assert accounts == [
        f"review: unread {BALLOTPEDIA.as_posix()}: a copy of a Ballotpedia page, not the Registrar's report",
        f"review: imported {OAKLAND_2022.as_posix()}: 2022 Oakland City Council, District 6",
        f"review: outside {SCHOOL.as_posix()}: `School Director, Dist. 4 - Oakland (RCV)`: a school board, "
        "outside the directory",
        f"review: imported {OAKLAND_2010.as_posix()}: 2010 Oakland City Council, District 4",
        f"review: imported {BERKELEY_MAYOR.as_posix()}: 2024 Berkeley Mayor",
        f"review: repeat {BERKELEY_MAYOR_AGAIN.as_posix()}: the contest `Mayor - Berkeley (RCV)` of "
        f"{BERKELEY_MAYOR.as_posix()}, imported from it",
        f"review: imported {BERKELEY_2010.as_posix()}: 2010 Berkeley City Council, District 4",
        f"review: repeat {PRECINCTS.as_posix()}: the contest `Member, City Council, Dist. 3 - San Leandro (RCV)` "
        f"of {SAN_LEANDRO.as_posix()}, imported from it",
        f"review: imported {SAN_LEANDRO.as_posix()}: 2014 San Leandro City Council, District 3",
        f"review: imported {MAYOR.as_posix()}: 2024 Portland Mayor",
        f"review: imported {AUDITOR.as_posix()}: 2024 Portland Auditor",
    ]
    assert "review: read 5 races (2010: 2, 2014: 1, 2022: 1, 2024: 1); 10 rounds in 3 races" in output


def test_a_repeat_is_told_by_its_title_not_its_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "Berkeley"
    folder.mkdir()
    renamed = folder / "Oakland_2022_city_d6.txt"
    shutil.copy(BERKELEY_MAYOR_AGAIN, renamed)
    result = run_import("alameda-rcv", tmp_path / "root", BERKELEY_MAYOR, renamed)
    assert result.exit_code == 0, result.output
    assert f"review: repeat {renamed.as_posix()}: the contest `Mayor - Berkeley (RCV)`" in result.output


def test_a_layout_not_recognised_or_a_contest_of_several_seats_is_listed_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "Portland"
    folder.mkdir()
    other = folder / "notes.txt"
    other.write_text("Hello\nworld\n", encoding="utf-8")
    council = folder / "council.txt"
    council.write_bytes(
        MAYOR.read_bytes().replace(b"City of Portland, Mayor", b"City of Portland, Councilor, District 1")
    )
    result = run_import("multnomah-rcv", tmp_path / "root", AUDITOR, other, council)
    assert result.exit_code == 0, result.output
    assert (
        f"review: unread {other.as_posix()}: a layout not recognised: no `ELECTION RESULTS - FINAL` of Multnomah "
        "County Elections"
    ) in result.output.splitlines()
    assert f"review: unread {council.as_posix()}: `City of Portland, Councilor, District 1`: elects several" in (
        result.output.splitlines()
    )
    seats = tmp_path / "Berkeley" / BERKELEY_MAYOR.name
    seats.parent.mkdir()
    seats.write_bytes(BERKELEY_MAYOR.read_bytes().replace(b"elect is 1.", b"elect is 3."))
    notes = tmp_path / "Berkeley" / "notes.txt"
    notes.write_text("Hello\nworld\n", encoding="utf-8")
    result = run_import("alameda-rcv", tmp_path / "root", SAN_LEANDRO, seats, notes)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        f"review: unread {seats.as_posix()}: `Mayor - Berkeley (RCV)` elects more than one: "
        "Number of positions to elect is 3."
    ) in lines
    assert (
        f"review: unread {notes.as_posix()}: a layout not recognised: no `RCV Results Report` with `Contest:`, nor "
        "`Ranked Choice Voting Results: General Election - `"
    ) in lines


def test_two_reports_of_one_contest_with_other_counts_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "Berkeley"
    folder.mkdir()
    other = folder / "Berkeley_2024_mayor.txt"
    other.write_bytes(BERKELEY_MAYOR_AGAIN.read_bytes().replace(b"ADENA ISHII\t20034", b"ADENA ISHII\t20035", 1))
    root = tmp_path / "root"
    root.mkdir()
    result = run_import("alameda-rcv", root, BERKELEY_MAYOR, other)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {other.as_posix()}:")
    assert snapshot(root) == {}


# --- exact records ---------------------------------------------------------------------------------------


def test_a_pass_report_exactly(imported: tuple[Path, str]) -> None:
    root, _ = imported
    item = race(root, "ca/oakland", dt.date(2010, 11, 2), "City Council", "District 4")
    official = (
        "https://acvote.alamedacountyca.gov/acvote-assets/pdf/elections/2010/11022010/results/rcv/oakland/"
        "city_councilmember_district_4/november-2-2010-rcv-oakland-city-council-district-4-pass-report.pdf"
    )
    assert item["source"] == {
        "url": official,
        "title": "2010 Oakland City Council, District 4: ranked-choice results report",
        "publisher": "Alameda County Registrar of Voters",
    }
    assert (item["write_ins"], item["ballots"], item["undervotes"]) == (69, 23884, 2844)
    assert [r["round"] for r in item["rounds"]] == [2, 3, 4, 5, 6]
    assert [(r["write_ins"], r["exhausted"]) for r in item["rounds"]] == [
        (0, 97),
        (0, 192),
        (0, 311),
        (0, 602),
        (0, 1369),
    ]
    assert item["rounds"][-1]["counts"] == [
        {"candidate": "libby-schaaf", "votes": 10439, "outcome": "elected"},
        {"candidate": "jill-broadhurst", "votes": 5828, "outcome": "defeated"},
        {"candidate": "melanie-shelby", "votes": 3404, "outcome": "defeated"},
        {"candidate": "daniel-swafford", "votes": 0, "outcome": "defeated"},
    ]
    schaaf = load(root, "candidates/ca/oakland/libby-schaaf.yml")
    assert schaaf["name"] == "Libby Schaaf"  # LIBBY SCHAAF in the report
    assert schaaf["candidacies"][0]["source"] == {
        "url": ARCHIVE + "Oakland/november-2-2010-rcv-oakland-city-council-district-4-pass-report.txt",
        "title": "2010 Oakland City Council, District 4: ranked-choice report of the Alameda County Registrar of "
        "Voters, as text",
        "publisher": "jordanholbrook/archive (GitHub)",
    }
    assert [s["publisher"] for s in schaaf["sources"]] == [
        "jordanholbrook/archive (GitHub)",
        "Alameda County Registrar of Voters",
    ]


def test_names_as_the_report_prints_them_in_their_usual_case(tmp_path: Path) -> None:
    result = run_import("alameda-rcv", tmp_path, FIXTURES / "Berkeley/nov-6-2012-pass-report-mayor.txt")
    assert result.exit_code == 0, result.output
    names = {
        path.stem: load(tmp_path, f"candidates/ca/berkeley/{path.name}")["name"]
        for path in (tmp_path / "candidates/ca/berkeley").glob("*.yml")
    }
    # KAHLIL ''DA MAYOR'' JACOBS- / FANTAUZZI in the report
    assert names["kahlil-da-mayor-jacobs-fantauzzi"] == 'Kahlil "Da Mayor" Jacobs-Fantauzzi'
    assert names["tom-bates"] == "Tom Bates"


def test_a_report_without_its_subreport_of_ballots(imported: tuple[Path, str]) -> None:
    root, _ = imported
    item = race(root, "ca/berkeley", dt.date(2010, 11, 2), "City Council", "District 4")
    assert item["write_ins"] == 25 and "ballots" not in item and "rounds" not in item
    assert load(root, "candidates/ca/berkeley/jesse-arreguin.yml")["candidacies"][0]["status"] == "won"


def test_a_round_by_round_report_exactly(imported: tuple[Path, str]) -> None:
    root, _ = imported
    item = race(root, "ca/oakland", dt.date(2022, 11, 8), "City Council", "District 6")
    address = ARCHIVE + "Oakland/Oakland_2022_city_d6.txt"
    assert item["source"] == {
        "url": address,
        "title": "2022 Oakland City Council, District 6: ranked-choice voting results, the report as text in "
        "jordanholbrook/archive (GitHub)",
        "publisher": "Alameda County Registrar of Voters",
    }
    assert item["rounds"] == [
        {
            "round": 2,
            "exhausted": 408,
            "counts": [
                {"candidate": "kevin-jenkins", "votes": 10972},
                {"candidate": "yakpasua-michael-gbagba-zazaboi", "votes": 1766},
                {"candidate": "nancy-sidebotham", "votes": 1742},
                {"candidate": "kenny-session", "votes": 0, "outcome": "defeated"},
            ],
        },
        {
            "round": 3,
            "exhausted": 946,
            "counts": [
                {"candidate": "kevin-jenkins", "votes": 11740, "outcome": "elected"},
                {"candidate": "yakpasua-michael-gbagba-zazaboi", "votes": 2202, "outcome": "defeated"},
                {"candidate": "nancy-sidebotham", "votes": 0, "outcome": "defeated"},
            ],
        },
    ]
    # round 1's 199 suspended and 115 overvotes count for nobody: 14,574 continuing of 16,903 ballots less 2,015 blank
    assert (item["ballots"], item["undervotes"]) == (16903, 2015)


def test_portland_mayor_twenty_rounds(imported: tuple[Path, str]) -> None:
    root, _ = imported
    item = race(root, "or/portland", dt.date(2024, 11, 5), "Mayor")
    assert (item["write_ins"], item["threshold"]) == (634, 129977)
    assert [r["round"] for r in item["rounds"]] == list(range(2, 21))
    assert [r["write_ins"] for r in item["rounds"]] == [634, 634, 634] + [0] * 16
    assert item["rounds"][-1]["exhausted"] == 50010
    assert item["rounds"][-1]["counts"] == [
        {"candidate": "keith-wilson", "votes": 153522, "outcome": "elected"},
        {"candidate": "carmen-rubio", "votes": 106431, "outcome": "defeated"},
        {"candidate": "rene-gonzalez", "votes": 0, "outcome": "defeated"},
    ]
    assert item["rounds"][0]["counts"][-1] == {"candidate": "james-a-zehren", "votes": 0, "outcome": "defeated"}
    city = load(root, "cities/or/portland.yml")
    assert city["elections"][0]["sources"] == [
        {
            "url": "https://www.multco.us/rcv",
            "title": "Ranked choice voting results, Multnomah County Elections",
            "publisher": "Multnomah County Elections",
        }
    ]
    wilson = load(root, "candidates/or/portland/keith-wilson.yml")
    assert [(c["office"], c["status"], c["votes"]) for c in wilson["candidacies"]] == [("Mayor", "won", 104389)]
    assert wilson["sources"] == [
        {
            "url": ARCHIVE + "Portland/2024-12-02_15-05-02_report_official.txt",
            "title": "2024 Portland Mayor: election results, final, the report as text in jordanholbrook/archive "
            "(GitHub)",
            "publisher": "Multnomah County Elections",
        }
    ]
    assert load(root, "candidates/or/portland/shei-meka-beutee-as-salaam.yml")["name"] == "Shei'Meka (BeUtee) As-Salaam"


def test_the_imported_records_validate_and_are_canonical(imported: tuple[Path, str]) -> None:
    root, _ = imported
    _, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert errors(problems) == [] and problems == []
    result = CliRunner().invoke(main, ["fmt", "--check", "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    assert run_import("alameda-rcv", tmp_path, *ALAMEDA).exit_code == 0
    assert run_import("multnomah-rcv", tmp_path, MAYOR, AUDITOR).exit_code == 0
    before = snapshot(tmp_path)
    for command, files in (("alameda-rcv", ALAMEDA), ("multnomah-rcv", [MAYOR, AUDITOR])):
        result = run_import(command, tmp_path, *files)
        assert result.exit_code == 0
        assert result.output.endswith("0 files written\n")
    assert snapshot(tmp_path) == before


# --- bad input ----------------------------------------------------------------------------------------------

PASS_TEXT = OAKLAND_2010.read_bytes()
ROUNDS_TEXT = OAKLAND_2022.read_bytes()
PORTLAND_TEXT = MAYOR.read_bytes()


@pytest.mark.parametrize(
    ("command", "name", "content", "message"),
    [
        ("alameda-rcv", OAKLAND_2010.name, b"", ":1: the file is empty"),
        (
            "alameda-rcv",
            OAKLAND_2010.name,
            PASS_TEXT.replace(b"LIBBY SCHAAF", b"LIBBY\xe2\x80\xaeSCHAAF", 1),
            ":18: the name `LIBBY\\u202eSCHAAF`: U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed in a record",
        ),
        (
            "alameda-rcv",
            OAKLAND_2010.name,
            PASS_TEXT.replace(b"LIBBY SCHAAF\n8756", b"LIBBY SCHAAF\n8757", 1),
            ":30: the rows of pass 0 do not add up to 20994 continuing ballots",
        ),
        (
            "alameda-rcv",
            OAKLAND_2010.name,
            PASS_TEXT.replace(b"** WINNER **\n", b""),
            "the last pass does not mark one `** WINNER **`",
        ),
        (
            "alameda-rcv",
            OAKLAND_2022.name,
            ROUNDS_TEXT.replace(b"KEVIN JENKINS\t11740", b"KEVIN JENKINS\t11741"),
            "the rows of round 3 do not add up to its 13942 continuing ballots",
        ),
        (
            "alameda-rcv",
            OAKLAND_2022.name,
            ROUNDS_TEXT.replace(b"\nNON TRANSFERRABLE TOTAL", b"\nNON TRANSFERRABLE", 1),
            "the round has no `NON TRANSFERRABLE TOTAL`: the file may be cut short",
        ),
        (
            "multnomah-rcv",
            MAYOR.name,
            PORTLAND_TEXT.replace(b"+21 104,410 33.70%", b"+21 104,411 33.70%"),
            "the row of `Keith Wilson` does not add up in round 3",
        ),
        (
            "multnomah-rcv",
            MAYOR.name,
            PORTLAND_TEXT[: PORTLAND_TEXT.index(b"Inactive ballots")],
            "the table has no `Inactive ballots` row: the file may be cut short",
        ),
        (
            "multnomah-rcv",
            MAYOR.name,
            PORTLAND_TEXT.replace(b"\nKeith Wilson\n104,389", b"\n104,389", 1),
            ":215: a count without a name before it: the file may be misread",
        ),
    ],
    ids=[
        "empty",
        "refused-character",
        "pass-misread",
        "no-winner",
        "round-misread",
        "cut-short",
        "portland-misread",
        "portland-cut",
        "portland-no-name",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    tmp_path: Path, command: str, name: str, content: bytes, message: str
) -> None:
    folder = tmp_path / "Oakland"
    folder.mkdir()
    path = folder / name
    path.write_bytes(content)
    root = tmp_path / "root"
    root.mkdir()
    good = [SAN_LEANDRO] if command == "alameda-rcv" else [AUDITOR]
    result = run_import(command, root, *good, path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path.as_posix()}:"), result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(root) == {}


# --- the real folders, read again by simpler rules ------------------------------------------------------------


def _ends(name: str) -> tuple[str, str]:
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    words = plain.casefold().replace('"', "").split()
    return words[0], words[-1]


def _numbers(lines: list[str], label: str) -> list[int]:
    return [int(lines[i + 1].replace(",", "")) for i, line in enumerate(lines) if line == label]


def report(path: Path) -> dict[str, Any]:
    """What a report says, read by its own simple rules: the winner it marks or names, or who holds more
    than half of the last table; the rounds; the votes counted in round 1 (ballots less blanks), when given."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    if "Final State" in lines:
        winner = lines[lines.index("** WINNER **") - 1]
        rounds = lines.count("Final State")
        total = _numbers(lines, "Total Ballots")[:1]
        under = _numbers(lines, "Under Votes")[:1]
        return {"winner": winner, "rounds": rounds, "total": total[0] - under[0] if total else None}
    if any(line.endswith("met the threshold for election.") for line in lines):
        winner = next(line for line in lines if line.endswith(" met the threshold for election.")).split(" met ")[0]
        rounds = max(int(m[1]) for line in lines if (m := re.fullmatch(r"Round (\d+)", line)))
        return {"winner": winner, "rounds": rounds, "total": None}
    tables = [i for i, line in enumerate(lines) if line.startswith("Candidate\tVotes")]
    rows = {}
    for line in lines[tables[-1] + 1 :]:
        if line.startswith("CONTINUING"):
            break
        name, votes = line.split("\t")[:2]
        rows[name] = int(votes)
    winner = max(rows, key=lambda name: rows[name])
    assert rows[winner] * 2 > sum(rows.values()), path
    end = next(i for i in range(tables[0], len(lines)) if lines[i].startswith("NON TRANSFERRABLE TOTAL"))
    first = {line.split("\t")[0]: int(line.split("\t")[1]) for line in lines[tables[0] + 1 : end + 1]}
    total = first["CONTINUING BALLOTS TOTAL"] + first["NON TRANSFERRABLE TOTAL"] - first["BLANKS"]
    return {"winner": winner, "rounds": len(tables), "total": total}


@pytest.mark.slow  # imports every real report of the dataset
@pytest.mark.skipif(not REAL.is_dir(), reason=f"the real reports are not beside the repository ({REAL})")
def test_the_real_reports_add_up_and_elect_the_reports_winners(tmp_path: Path) -> None:
    folders = {name: sorted((REAL / name).glob("*.txt")) for name in ("Oakland", "Berkeley", "San_Leandro")}
    alameda = run_import("alameda-rcv", tmp_path, *[p for files in folders.values() for p in files])
    assert alameda.exit_code == 0, alameda.output
    portland_files = sorted((REAL / "Portland").glob("*.txt"))
    portland = run_import("multnomah-rcv", tmp_path, *portland_files)
    assert portland.exit_code == 0, portland.output
    output = alameda.output + portland.output
    accounts = re.findall(r"^review: (imported|repeat|outside|unread) (.+?\.txt): (.+)$", output, re.MULTILINE)
    every = [p.as_posix() for files in [*folders.values(), portland_files] for p in files]
    assert sorted(file for _, file, _ in accounts) == sorted(every)  # each file once
    tally: dict[tuple[str, str], int] = {}
    for what, file, _ in accounts:
        key = (Path(file).parent.name, what)
        tally[key] = tally.get(key, 0) + 1
    assert tally == {
        ("Oakland", "imported"): 32,
        ("Oakland", "outside"): 21,
        ("Oakland", "unread"): 6,
        ("Berkeley", "imported"): 29,
        ("Berkeley", "repeat"): 1,
        ("San_Leandro", "imported"): 18,
        ("San_Leandro", "repeat"): 3,
        ("Portland", "imported"): 2,
    }
    checked = 0
    for what, file, label in accounts:
        if what != "imported":
            continue
        expected = report(Path(file))
        match = re.fullmatch(r"(\d{4}) (Oakland|Berkeley|San Leandro|Portland) ([^,]+)(?:, (.+))?", label)
        assert match, label
        year, city, office, district = match.groups()
        state = "or" if city == "Portland" else "ca"
        slug = city.lower().replace(" ", "-")
        elections = load(tmp_path, f"cities/{state}/{slug}.yml")["elections"]
        item = next(
            o
            for e in elections
            if e["date"].year == int(year)
            for o in e["offices"]
            if o["office"] == office and o.get("district") == district
        )
        people: dict[str, tuple[str, dict[str, Any]]] = {}
        for path in sorted((tmp_path / f"candidates/{state}/{slug}").glob("*.yml")):
            record = load(tmp_path, path.relative_to(tmp_path).as_posix())
            for candidacy in record["candidacies"]:
                same = candidacy["office"] == office and candidacy.get("district") == district
                if same and candidacy["election"].startswith(year):
                    people[path.stem] = (record["name"], candidacy)
        first = sum(c["votes"] for _, c in people.values()) + item.get("write_ins", 0)
        rounds = item.get("rounds", [])
        assert len(rounds) + 1 == expected["rounds"], file
        sums = [sum(c["votes"] for c in r["counts"]) + r.get("write_ins", 0) + r.get("exhausted", 0) for r in rounds]
        if "ballots" in item:
            total = item["ballots"] - item["undervotes"]
            assert total == expected["total"], file
            assert first <= total and sums == [total] * len(rounds), file
        else:
            assert expected["total"] is None and len(set(sums)) <= 1, file
        won = [name for name, c in people.values() if c["status"] == "won"]
        # a person is one record across years, under the name first read: compare first names and surnames
        assert [_ends(name) for name in won] == [_ends(expected["winner"].replace("''", ""))], file
        if rounds:
            elected = [c["candidate"] for c in rounds[-1]["counts"] if c.get("outcome") == "elected"]
            assert [people[slug_][0] for slug_ in elected] == won, file
        checked += 1
    assert checked == 81


# --- the pages of the imported races -------------------------------------------------------------------------


def _words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _table(body: str, caption: str) -> str:
    start = body.index(f"<caption>{caption}")
    return _words(body[start : body.index("</table>", start)])


@pytest.fixture(scope="module")
def pages(imported: tuple[Path, str]) -> dict[str, Page]:
    root, _ = imported
    tables, problems = validate_directory(root, dt.date(2026, 12, 1))
    assert problems == []
    settings = Settings(repo_url="", site_url="https://example.org/cc/", today=dt.date(2026, 12, 1))
    return {page.path: page for page in build_pages(build_directory(tables), settings)}


def test_portlands_twenty_rounds_lead_with_the_final_round(pages: dict[str, Page]) -> None:
    body = pages["or/portland/index.md"].body
    mayor = body[body.index(">Mayor</h4>") :]
    assert mayor.index("<caption>Final round") < mayor.index("<caption>Results")
    assert _table(mayor, "Final round") == (
        "Final round (round 20): votes and share of the votes still counted Candidate Votes Share "
        "Keith Wilson Elected 153,522 59.1% Carmen Rubio 106,431 40.9% Exhausted ballots 50,010"
    )
    rounds = _table(mayor, "Votes in each round")
    assert rounds.startswith("Votes in each round; 129,977 votes elect a candidate Candidate Round 1 Round 2")
    assert "Rene Gonzalez 55,267 55,267 55,293" in rounds and "70,163 Eliminated in round 20" in rounds
    assert "James A Zehren 0 Eliminated in round 2" in rounds
    assert rounds.count("Eliminated in round") == 18
    results = _table(mayor, "Results")
    assert "Write-ins 634" in results and "Threshold to be elected 129,977" in results
    assert "2024 Portland Mayor: election results, final, the report as text" in _words(mayor)


def test_oaklands_race_cites_the_registrars_report(pages: dict[str, Page]) -> None:
    body = pages["ca/oakland/index.md"].body
    race_ = body[body.index(">City Council, District 4</h4>") :]
    assert (
        'href="https://acvote.alamedacountyca.gov/acvote-assets/pdf/elections/2010/11022010/results/rcv/oakland/'
        'city_councilmember_district_4/november-2-2010-rcv-oakland-city-council-district-4-pass-report.pdf"'
    ) in race_
    rounds = _table(race_, "Votes in each round")
    assert "Libby Schaaf 8,756 8,758 8,835 9,001 9,249 10,439 Elected" in rounds
    assert "Daniel Swafford 2,348 2,351 2,444 2,741 2,886 Eliminated in round 6" in rounds
    assert _table(race_, "Final round").endswith("Exhausted ballots 1,369")
