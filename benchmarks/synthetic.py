"""A seeded, synthetic directory of records for tests and benchmarks.

``generate(out_dir, candidates=N, seed=S)`` writes a complete records root
(cities/, candidates/, organizations/, topics/) shaped like the real one: twenty
candidates per city, elections with offices and districts, about four platform
positions and three endorsements per candidate, 200 organisations, the
repository's own topic vocabulary and a source for every fact.  With ``crowded=N``, the first city's
mayoral race has N candidates instead (the largest races there are, such as a recall or an open
top-two primary, to hold every page of one race to the page budget).  Places, people,
organisations and web addresses are invented (addresses use the reserved
``.example`` domain).  The same arguments always produce byte-identical files,
and the output validates without errors or warnings.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.records.ids import slugify
from site_builder.records.schema import STATES, load_schema
from site_builder.tools.formatting import dump

TOPICS_DIR = Path(__file__).resolve().parent.parent / "topics"
PER_CITY = 20
ORGANIZATIONS = 200
VERIFIED = ("2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16")

# fmt: off
_CITY_HEADS = (
    "Quen", "Vell", "Brax", "Tarr", "Oss", "Mirre", "Caddle", "Fenn", "Hollo", "Jessa", "Kerr", "Lundy",
    "Marr", "Nadd", "Orrin", "Pell", "Rusk", "Sabbe", "Thorne", "Umber", "Wyck", "Yarrow", "Zell", "Ambry",
    "Brisk", "Corve", "Dunmo", "Eskel", "Garra", "Haddle"
)
_CITY_TAILS = (
    "mar", "port", "haven", "ford", "wick", "ton", "dale", "bury", "field", "crest", "vale", "brook", "mouth",
    "stead", "ridge", "moor", "gate", "holm", "shire", "water"
)
_CITY_PREFIXES = ("", "", "", "", "North ", "South ", "East ", "West ", "Port ", "Lake ", "New ", "Fort ")
_FIRST = (
    "Ava", "Marcus", "Lena", "Tobias", "Priya", "Dario", "Imani", "Felix", "Rosa", "Kenji", "Noor", "Elliot",
    "Maya", "Santiago", "Greta", "Omar", "Hazel", "Theo", "Ines", "Jonah", "Leila", "Rafael", "Cora", "Malik",
    "Yara", "Emmett", "Sana", "Hugo", "Talia", "Bram", "Nadia", "Caleb", "Mira", "Desmond"
)
_SURNAME_HEADS = (
    "Thistle", "Quill", "Brindle", "Marrow", "Fallow", "Copper", "Wren", "Bramble", "Ember", "Hollow",
    "Juniper", "Larch", "Moss", "Nettle", "Oaken", "Pebble", "Rook", "Sorrel", "Tansy", "Vetch", "Willow",
    "Yew", "Alder", "Burdock", "Clover", "Dapple", "Fennel", "Gorse"
)
_SURNAME_TAILS = (
    "wick", "bury", "cott", "by", "worth", "shaw", "thorpe", "ley", "combe", "ridge", "well", "stone", "field",
    "more", "hurst", "dane"
)
_INITIALS = "ABCDEFGHJKLMNPRSTW"
_ORG_KINDS = {
    "union": ("{place} Teachers Union", "{place} Transit Workers Local {n}", "Nurses United of {place}"),
    "party": ("{place} Progressive Party", "{place} Green Party", "{place} Democratic Socialists"),
    "advocacy-group": ("{place} Tenants Alliance", "Fair Wages {place}", "{place} Voting Rights Project"),
    "pac": ("{place} Forward PAC", "Neighbors for {place} PAC"),
    "newspaper": ("The {place} Ledger", "{place} Evening Courier"),
    "network": ("{place} Municipal Network", "Cities Together {place}"),
    "community-group": ("{place} Neighborhood Council", "{place} Block Club Coalition"),
    "other": ("{place} Civic Forum",),
}
_PARTIES = ("Democratic", "Republican", "Green", "Working Families", "Independent")
_LINK_KINDS = ("facebook", "instagram", "bluesky", "mastodon", "youtube", "official")
_LICENSES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "used-with-permission")
_JOBS = (
    "a public-school teacher", "a union electrician", "a nurse at the county hospital", "a tenant organiser",
    "a small-business owner", "a civil-rights lawyer", "a bus driver", "a librarian", "a social worker",
    "a community-college instructor", "a restaurant worker", "a former city planner"
)
_BIO = (
    "{name} has lived in {city} for {years} years and works as {job}.",
    "Before running for {office}, {first} served on the {city} {board} for {terms} terms.",
    "{first} grew up in the {quarter} neighbourhood and helped found a {group} there.",
    "The campaign says it is funded by small donations and has knocked on {doors} doors.",
    "{first} is the parent of {kids} children who attend {city} public schools."
)
_BOARDS = ("planning commission", "library board", "parks board", "transit advisory committee", "school board")
_QUARTERS = ("Riverside", "Old Mill", "Eastgate", "Hillcrest", "Union Square", "Southfield", "Harbor")
_GROUPS = ("tenants' association", "food cooperative", "youth soccer league", "mutual-aid network")
_POSITION = (
    "Proposes a city ordinance on {topic} modelled on the one passed in {other}.",
    "Says {topic} is the first issue voters raise at the door and promises a public hearing in the first 100 days.",
    "Wants the council to fund a {topic} office with {staff} staff and an annual public report.",
    "Voted for the {year} resolution on {topic} and pledges to defend it against repeal.",
    "Calls for {topic} to be decided with residents, through neighbourhood assemblies in every ward."
)
_HEADLINES = ("{about}", "{about}: what voters need to know", "Voter guide: {about}", "Inside the race: {about}")
_OUTLETS = ("Ledger", "Courier", "Gazette", "Observer", "Herald", "Dispatch")
# fmt: on


@dataclass(frozen=True)
class City:
    state: str
    slug: str
    name: str


@dataclass(frozen=True)
class Race:
    office: str
    district: str | None
    seats: int


@dataclass(frozen=True)
class Election:
    id: str
    date: str
    kind: str
    past: bool


def generate(
    out_dir: Path, candidates: int = 1000, seed: int = 0, topics_dir: Path = TOPICS_DIR, crowded: int = 0
) -> int:
    """Write the synthetic records under ``out_dir`` (new or empty); return how many files were written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty: the synthetic directory must go into a new folder")
    count = 0
    for relative, text in files(candidates, seed, topics_dir, crowded):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        count += 1
    return count


def files(candidates: int, seed: int, topics_dir: Path = TOPICS_DIR, crowded: int = 0) -> Iterator[tuple[str, str]]:
    """Every record as (path relative to the root, YAML text), in a fixed order; ``crowded`` candidates in the
    first city's mayoral race, the others twenty a city."""
    topics = sorted(path for path in topics_dir.glob("*.yml"))
    if not topics:
        raise FileNotFoundError(f"no topic records in {topics_dir}")
    for path in topics:
        yield f"topics/{path.name}", path.read_text(encoding="utf-8")
    names = {path.stem: _topic_name(path) for path in topics}
    rng = random.Random(f"{seed}:directory")  # noqa: S311 (invented data, not secrets)
    organizations = _organizations(rng)
    for slug, record in organizations:
        yield f"organizations/{slug}.yml", render(record, "organizations")
    org_ids = [slug for slug, _ in organizations]
    crowded = min(crowded, candidates)
    cities = _cities(rng, (1 if crowded else 0) + math.ceil((candidates - crowded) / PER_CITY))
    left = candidates
    for number, city in enumerate(cities):
        city_rng = random.Random(f"{seed}:city:{number}")  # noqa: S311 (invented data, not secrets)
        count = crowded if crowded and number == 0 else min(PER_CITY, left)
        left -= count
        yield from _city_files(city_rng, city, count, names, org_ids, crowded=bool(crowded) and number == 0)


def _topic_name(path: Path) -> str:
    match = re.search(r"^name: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1).strip() if match else path.stem.replace("-", " ")


def _cities(rng: random.Random, count: int) -> list[City]:
    states = sorted(code for code in STATES if code not in ("as", "gu", "mp", "pr", "vi"))
    taken: set[tuple[str, str]] = set()
    cities: list[City] = []
    while len(cities) < count:
        state = rng.choice(states)
        name = rng.choice(_CITY_PREFIXES) + rng.choice(_CITY_HEADS) + rng.choice(_CITY_TAILS)
        if (state, slugify(name)) not in taken:
            taken.add((state, slugify(name)))
            cities.append(City(state, slugify(name), name))
    return cities


def _organizations(rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    result: dict[str, dict[str, Any]] = {}
    while len(result) < ORGANIZATIONS:
        kind = rng.choice(sorted(_ORG_KINDS))
        place = rng.choice(_CITY_HEADS) + rng.choice(_CITY_TAILS)
        name = rng.choice(_ORG_KINDS[kind]).format(place=place, n=rng.randint(100, 999))
        slug = slugify(name)
        if slug in result:
            continue
        result[slug] = {
            "name": name,
            "kind": kind,
            "website": f"https://www.{slug}.example/",
            "description": f"{name} is a {kind.replace('-', ' ')} founded in {rng.randint(1950, 2020)}. "
            f"It {rng.choice(('endorses', 'backs', 'recommends'))} candidates in city elections "
            f"across the region and publishes a questionnaire before each election.",
            "sources": [_source(rng, name, f"https://www.{slug}.example/about")],
            "last_verified": rng.choice(VERIFIED),
        }
    return sorted(result.items())


def _source(rng: random.Random, about: str, url: str | None = None) -> Any:
    outlet = f"The {rng.choice(_CITY_HEADS)}{rng.choice(_CITY_TAILS)} {rng.choice(_OUTLETS)}"
    if url and rng.random() < 0.3:
        return url
    return {
        "url": url or f"https://news.{slugify(outlet)}.example/{rng.randint(2023, 2026)}/{slugify(about)[:60]}",
        "title": rng.choice(_HEADLINES).format(about=about),
        "author": f"{rng.choice(_FIRST)} {_surname(rng)}",
        "publisher": outlet,
        "date": f"2026-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}",
    }


def _surname(rng: random.Random) -> str:
    return rng.choice(_SURNAME_HEADS) + rng.choice(_SURNAME_TAILS)


def _races(rng: random.Random) -> list[Race]:
    wards = rng.randint(4, 9)
    races = [Race("Mayor", None, 1)]
    races += [Race("City Council", f"Ward {n}", 1) for n in range(1, wards + 1)]
    if rng.random() < 0.5:
        races.append(Race("City Council", "At-large", 2))
    return races


def _elections(rng: random.Random) -> list[Election]:
    shape = rng.random()
    if shape < 0.25:  # upcoming spring election
        day = rng.choice(("2027-03-02", "2027-04-06"))
        return [Election(f"{day}-general", day, "general", past=False)]
    if shape < 0.6:  # primary then general
        return [
            Election("2025-08-05-primary", "2025-08-05", "primary", past=True),
            Election("2025-11-04-general", "2025-11-04", "general", past=True),
        ]
    return [Election("2025-11-04-general", "2025-11-04", "general", past=True)]


def _city_files(
    rng: random.Random, city: City, count: int, topics: dict[str, str], org_ids: list[str], crowded: bool = False
) -> Iterator[tuple[str, str]]:
    races = _races(rng)
    elections = _elections(rng)
    if crowded:  # an open primary ahead, then the general election: every page of the race is still to be read
        elections = [
            Election("2027-03-02-primary", "2027-03-02", "primary", past=False),
            Election("2027-04-06-general", "2027-04-06", "general", past=False),
        ]
    method = rng.choice(("plurality", "runoff", "ranked-choice"))
    city_record = {
        "name": city.name,
        "ocd_id": f"ocd-division/country:us/state:{city.state}/place:{city.name.lower().replace(' ', '_')}",
        "government": rng.choice(("mayor-council", "council-manager")),
        "website": f"https://www.{city.slug}-{city.state}.example/",
        "elections_office_url": f"https://www.{city.slug}-{city.state}.example/elections",
        "registration_url": f"https://sos.{city.state}.example/register",
        "polling_place_url": f"https://sos.{city.state}.example/polling-places",
        "elections": [
            {
                "date": e.date,
                "kind": e.kind,
                "voting_method": method,
                "offices": [
                    {"office": r.office, "district": r.district, "seats": str(r.seats) if r.seats > 1 else None}
                    for r in races
                ],
                "sources": [
                    _source(
                        rng,
                        f"{city.name} {e.kind} election",
                        f"https://www.{city.slug}-{city.state}.example/elections/{e.id}",
                    )
                ],
            }
            for e in elections
        ],
        "sources": [_source(rng, f"City of {city.name}", f"https://www.{city.slug}-{city.state}.example/")],
        "last_verified": rng.choice(VERIFIED),
    }
    yield f"cities/{city.state}/{city.slug}.yml", render(city_record, "cities")
    taken: set[str] = set()
    for index in range(count):
        race = races[0] if index < 3 or crowded else rng.choice(races)
        first, surname = rng.choice(_FIRST), _surname(rng)
        while f"{first} {surname}".lower() in taken:
            first, surname = rng.choice(_FIRST), _surname(rng)
        taken.add(f"{first} {surname}".lower())
        record = _candidate(rng, city, race, elections, first, surname, topics, org_ids)
        yield f"candidates/{city.state}/{city.slug}/{slugify(record['name'])}.yml", render(record, "candidates")


def _candidate(
    rng: random.Random,
    city: City,
    race: Race,
    elections: list[Election],
    first: str,
    surname: str,
    topics: dict[str, str],
    org_ids: list[str],
) -> dict[str, Any]:
    name = f"{first} {surname}"
    slug = slugify(name)
    site = f"https://www.{slug}-for-{city.slug}.example"
    office = race.office if race.district is None else f"{race.office} ({race.district})"
    incumbent = rng.random() < 0.15
    party = rng.choice(_PARTIES) if rng.random() < 0.4 else None
    candidacies = [_candidacy(rng, election, race, incumbent, party, name, site) for election in elections]
    words = {
        "name": name,
        "first": first,
        "city": city.name,
        "office": office.lower(),
        "job": rng.choice(_JOBS),
        "years": rng.randint(4, 40),
        "board": rng.choice(_BOARDS),
        "terms": rng.randint(1, 3),
        "quarter": rng.choice(_QUARTERS),
        "group": rng.choice(_GROUPS),
        "doors": f"{rng.randint(2, 40)},000",
        "kids": rng.choice(("two", "three")),
        "other": "Minneapolis",
        "staff": rng.randint(2, 12),
        "year": 2024,
    }
    bio = " ".join(sentence.format(**words) for sentence in rng.sample(_BIO, rng.randint(2, 5)))
    record: dict[str, Any] = {"name": name}
    if rng.random() < 0.3:
        record["ballot_name"] = f"{first} {rng.choice(_INITIALS)}. {surname}"
    record.update({"bio": bio, "website": site + "/"})
    if rng.random() < 0.3:
        record.update(
            {
                "photo_url": f"https://photos.{city.slug}.example/{slug}.jpg",
                "photo_license": rng.choice(_LICENSES),
                "photo_credit": f"{rng.choice(_FIRST)} {_surname(rng)}",
            }
        )
    record["candidacies"] = candidacies
    record["platform"] = [
        {
            "topic": topic,
            "position": " ".join(
                s.format(**words, topic=topics[topic].lower()) for s in rng.sample(_POSITION, rng.randint(1, 3))
            ),
            "source": _source(rng, f"{name} on {topics[topic].lower()}", f"{site}/issues/{topic}"),
        }
        for topic in rng.sample(sorted(topics), rng.randint(3, 5))
    ]
    record["endorsements"] = [
        _endorsement(rng, org, rng.choice(elections), len(elections) > 1, name)
        for org in rng.sample(org_ids, rng.randint(2, 4))
    ]
    record["links"] = [
        {"kind": kind, "url": site + "/" if kind == "official" else f"https://{kind}.example/{slug}"}
        for kind in rng.sample(_LINK_KINDS, rng.randint(1, 3))
    ]
    record["sources"] = [_source(rng, f"{name} for {office}", site + "/about")]
    record["last_verified"] = rng.choice(VERIFIED)
    return record


def _candidacy(
    rng: random.Random, election: Election, race: Race, incumbent: bool, party: str | None, name: str, site: str
) -> dict[str, Any]:
    item: dict[str, Any] = {"election": election.id, "office": race.office, "district": race.district}
    if election.past:
        share = rng.uniform(3, 70)
        item.update(
            {
                "status": "won" if share > 50 else "lost",
                "incumbent": str(incumbent).lower(),
                "party": party,
                "votes": str(int(share * rng.randint(80, 400))),
                "vote_share": f"{share:.1f}",
                "source": _source(rng, f"{election.date[:4]} {election.kind} results", None),
            }
        )
    else:
        item.update(
            {
                "status": rng.choice(("announced", "qualified")),
                "incumbent": str(incumbent).lower(),
                "party": party,
                "source": _source(rng, f"{name} files for office", site + "/news"),
            }
        )
    return item


def _endorsement(rng: random.Random, org: str, election: Election, named: bool, name: str) -> dict[str, Any]:
    """An endorsement made in the months before the election; it names the election only when it must."""
    year, month = int(election.date[:4]), int(election.date[5:7])
    made = f"{year}-{rng.randint(1, month - 1):02d}"
    if rng.random() < 0.5:
        made += f"-{rng.randint(1, 28):02d}"
    return {
        "organization": org,
        "election": election.id if named else None,
        "date": made,
        "source": _source(
            rng, f"{org.replace('-', ' ').title()} endorses {name}", f"https://www.{org}.example/endorsements"
        ),
    }


def render(record: dict[str, Any], table: str) -> str:
    """A record of a table in the canonical layout, through the writer `site-builder fmt` uses, below the
    kind's editor schema modeline; ``None`` values are left out."""
    return load_schema().tables[table].modeline + "\n" + dump(_without_nulls(record))


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write an invented records directory into OUT (new or empty).")
    parser.add_argument("out", type=Path)
    parser.add_argument("--candidates", type=int, default=1000, help="how many candidates to invent (twenty per city)")
    parser.add_argument("--seed", type=int, default=0, help="the same seed always writes the same files")
    args = parser.parse_args(argv)
    if args.candidates < 1:
        parser.error("--candidates must be at least 1")
    try:
        count = generate(args.out, candidates=args.candidates, seed=args.seed)
    except (FileExistsError, FileNotFoundError) as error:
        parser.exit(1, f"error: {error}\n")
    print(f"wrote {count} files to {args.out.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
