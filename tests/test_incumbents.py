"""Incumbents from the records' facts, with their basis: the seat's previous election won, an officeholder term
covering election day, the candidacy's own word; and no claim where the records show none."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import re
import textwrap
from pathlib import Path

import pytest

from site_builder.directory.build import build_directory
from site_builder.directory.model import Candidacy, Directory
from site_builder.records.schema import load_schema
from site_builder.records.validate import validate_directory
from site_builder.site.downloads import data_package
from site_builder.site.pages import PageBuilder, Settings

TODAY = dt.date(2026, 11, 21)
SOURCE = "https://e.org/results-{}"


def text(fragment: str) -> str:
    """The words of an HTML fragment, one space between them; a link's words joined to what follows."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"</?a\b[^>]*>", "", fragment))).split())


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def candidate(root: Path, slug: str, name: str, *runs: tuple[str, str, str]) -> None:
    """A candidate record of Duluth, one candidacy for each (election, office and district, status)."""
    lines = ["# yaml-language-server: $schema=../../../schema/candidate.schema.json", f"name: {name}", "candidacies:"]
    for election, seat, status in runs:
        office, _, district = seat.partition(", ")
        lines += [f"  - election: {election}", f"    office: {office}"]
        lines += [f"    district: {district}"] if district else []
        lines += [f"    status: {status}", f"    source: {SOURCE.format(election[:4])}"]
    lines += ["sources:", f"  - {SOURCE.format('all')}", "last_verified: 2026-11-01", ""]
    write(root, f"candidates/mn/duluth/{slug}.yml", "\n".join(lines))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("incumbents")
    write(
        root,
        "cities/mn/duluth.yml",
        """
        # yaml-language-server: $schema=../../schema/city.schema.json
        name: Duluth
        ocd_id: ocd-division/country:us/state:mn/place:duluth
        elections:
          - date: 2019-11-05
            kind: general
            offices:
              - office: Mayor
              - office: City Council
                district: Ward 1
            sources:
              - https://e.org/2019
          - date: 2021-08-10
            kind: primary
            offices:
              - office: City Council
                district: Ward 2
            sources:
              - https://e.org/2021-primary
          - date: 2021-11-02
            kind: special
            offices:
              - office: City Council
                district: Ward 1
            sources:
              - https://e.org/2021
          - date: 2023-11-07
            kind: general
            offices:
              - office: Mayor
              - office: City Council
                district: Ward 1
              - office: City Council
                district: Ward 2
              - office: City Council
                district: Ward 3
            sources:
              - https://e.org/2023
        officeholders:
          - office: City Council
            district: Ward 3
            name: Fay Ordway
            status: current
            term_start: 2020-01-06
            term_end: 2024-01-01
            candidate: mn/duluth/fay-ordway
            sources:
              - https://e.org/council
          - office: City Council
            district: Ward 2
            name: Gil Pratt
            status: current
            term_start: 2020-01-06
            sources:
              - https://e.org/council
        sources:
          - https://e.org/
        last_verified: 2026-11-01
        """,
    )
    candidate(
        root, "ada-quill", "Ada Quill", ("2019-11-05-general", "Mayor", "won"), ("2023-11-07-general", "Mayor", "won")
    )
    candidate(
        root,
        "ben-ostrander",
        "Ben Ostrander",
        ("2019-11-05-general", "Mayor", "lost"),
        ("2023-11-07-general", "Mayor", "lost"),
    )
    candidate(
        root,
        "cal-reyes",
        "Cal Reyes",
        ("2019-11-05-general", "City Council, Ward 1", "won"),
        ("2023-11-07-general", "City Council, Ward 1", "lost"),
    )
    candidate(
        root,
        "dee-sousa",
        "Dee Sousa",
        ("2021-11-02-special", "City Council, Ward 1", "won"),
        ("2023-11-07-general", "City Council, Ward 1", "won"),
    )
    candidate(
        root,
        "eli-marsh",
        "Eli Marsh",
        ("2021-08-10-primary", "City Council, Ward 2", "won"),
        ("2023-11-07-general", "City Council, Ward 2", "lost"),
    )
    candidate(root, "gil-pratt", "Gil Pratt", ("2023-11-07-general", "City Council, Ward 2", "won"))
    candidate(root, "fay-ordway", "Fay Ordway", ("2023-11-07-general", "City Council, Ward 3", "won"))
    return root


@pytest.fixture(scope="module")
def directory(root: Path) -> Directory:
    tables, problems = validate_directory(root, TODAY)
    assert [p.as_text() for p in problems] == []
    return build_directory(tables)


def run_2023(directory: Directory, slug: str) -> Candidacy:
    person = next(c for c in directory.candidates if c.slug == slug)
    return next(c for c in person.candidacies if c.election.id == "2023-11-07-general")


def test_the_winner_of_the_seats_previous_election_is_its_incumbent_with_that_result_as_basis(
    directory: Directory,
) -> None:
    ada = run_2023(directory, "ada-quill").incumbency
    assert ada is not None and (ada.basis, ada.year) == ("won", "2019")
    assert ada.race is not None and ada.race.election.id == "2019-11-05-general"
    assert [s.url for s in ada.sources] == [SOURCE.format("2019")]
    dee = run_2023(directory, "dee-sousa").incumbency  # a special election elects too
    assert dee is not None and (dee.basis, dee.year) == ("won", "2021")


def test_an_officeholder_term_of_the_same_record_covering_election_day_is_a_basis(directory: Directory) -> None:
    fay = run_2023(directory, "fay-ordway").incumbency
    assert fay is not None and fay.basis == "officeholder"
    assert fay.year == "2020" and fay.officeholder is not None
    assert [s.url for s in fay.sources] == ["https://e.org/council"]


def test_no_basis_no_claim(directory: Directory) -> None:
    # Lost the seat's last election; won it but someone else won it later; won only a primary; holds the seat
    # by an officeholder record that names them but does not link their candidate record.
    for slug in ("ben-ostrander", "cal-reyes", "eli-marsh", "gil-pratt"):
        assert run_2023(directory, slug).incumbency is None, slug
    firsts = [c for c in directory.candidates for c in c.candidacies if c.election.id < "2023"]
    assert all(c.incumbency is None for c in firsts)


def test_the_candidate_page_gives_the_basis_and_its_source_and_says_nothing_without_one(
    directory: Directory,
) -> None:
    builder = PageBuilder(directory, Settings(today=TODAY, feeds=False))
    pages = {c.slug: builder.candidate(c).body for c in directory.candidates}
    ada = text(pages["ada-quill"])
    assert "Incumbent: won this seat in 2019. Source: https://e.org/results-2019" in ada
    assert re.search(
        r'Incumbent: <a href="[^"]*#2019-11-05-general-mayor">won this seat in 2019</a>', pages["ada-quill"]
    )
    assert "Incumbent: holds this seat in a term begun in 2020. Source: https://e.org/council" in text(
        pages["fay-ordway"]
    )
    for slug in ("ben-ostrander", "cal-reyes", "eli-marsh", "gil-pratt"):
        assert "ncumbent" not in text(pages[slug]), slug
        assert "Not recorded yet: positions; endorsements." in text(pages[slug]), slug  # incumbency is no gap


def test_the_spanish_candidate_page_gives_the_basis_in_spanish(directory: Directory) -> None:
    builder = PageBuilder(directory, Settings(today=TODAY, feeds=False, languages=("es",)), locale="es")
    pages = {c.slug: builder.candidate(c).body for c in directory.candidates}
    assert re.search(
        r'Titular: <a href="[^"]*#2019-11-05-general-mayor">ganó este puesto en 2019</a>\.', pages["ada-quill"]
    )
    fay = text(pages["fay-ordway"])
    assert "Titular: ocupa este puesto en un mandato iniciado en 2020. Fuente: https://e.org/council" in fay
    assert not any("this seat" in body for body in pages.values())


def test_the_published_candidacies_carry_the_value_and_its_basis(root: Path, directory: Directory) -> None:
    tables, _ = validate_directory(root, TODAY)
    package = {d.path: d.content for d in data_package(load_schema(), tables, directory)}
    rows = csv.DictReader(io.StringIO(gzip.decompress(package["data/candidacies.csv.gz"]).decode("utf-8")))
    published = {(r["candidate"], r["election"]): r for r in rows}
    fields = ("incumbent", "incumbent_basis", "incumbent_reason", "incumbent_source")
    assert [published["mn/duluth/ada-quill", "2023-11-07-general"][f] for f in fields] == [
        "true",
        "won",
        "won this seat in 2019",
        SOURCE.format("2019"),
    ]
    assert [published["mn/duluth/fay-ordway", "2023-11-07-general"][f] for f in fields] == [
        "true",
        "officeholder",
        "holds this seat in a term begun in 2020",
        "https://e.org/council",
    ]
    assert [published["mn/duluth/cal-reyes", "2023-11-07-general"][f] for f in fields] == ["", "", "", ""]
