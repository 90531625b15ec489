"""The directory model built from validated tables: linked in one pass, every list sorted."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from site_builder.directory.incumbency import mark_incumbents
from site_builder.directory.model import (
    Answer,
    Candidacy,
    Candidate,
    City,
    Directory,
    Election,
    ElectionDay,
    Endorsement,
    Link,
    Officeholder,
    Organization,
    Position,
    Question,
    Questionnaire,
    Race,
    Round,
    RoundCount,
    Row,
    Source,
    State,
    Topic,
    follow_in_seats,
    office_order,
)
from site_builder.records.parallel import paused_gc
from site_builder.records.people import open_pairs
from site_builder.records.schema import Schema, load_schema
from site_builder.records.tables import Origin, Tables


class _Rows:
    """Builds model objects from rows: every field of a model class that the descriptor's table
    also has is filled from the row, cast to its type, so a new optional field needs no code here;
    every field of the row is also in the object's ``values``."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.schema = load_schema()
        sources: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in tables.rows["sources"]:
            sources[(row["record"], row.get("subject") or "")].append(row)
        self.sources = sources
        self.casts: dict[tuple[type[Row], str], tuple[dict[str, Callable[[Any], Any]], tuple[str, ...]]] = {}

    def cited(self, record: str, subject: str = "") -> list[Source]:
        rows = sorted(self.sources.get((record, subject), []), key=lambda r: int(r["number"]))
        return [self.make(Source, "sources", r) for r in rows]

    def make(self, cls: type[_Model], table: str, row: dict[str, Any], **links: Any) -> _Model:
        key = (cls, table)
        casts = self.casts.get(key) or self.casts.setdefault(key, _casts(self.schema, cls, table))
        values = {name: cast(row.get(name)) for name, cast in casts[0].items()}
        own = {name: values[name] for name in casts[1] if name not in links}
        return cls(values=values, **own, **links)

    def each(self, table: str) -> Iterator[tuple[dict[str, Any], Origin]]:
        return zip(self.tables.rows[table], self.tables.origins[table], strict=True)


_Model = TypeVar("_Model", bound=Row)


def _casts(schema: Schema, cls: type[Row], table: str) -> tuple[dict[str, Callable[[Any], Any]], tuple[str, ...]]:
    """For a table: each field's cast from its text, and the fields the model class holds itself."""
    fields = schema.tables[table].fields
    casts = {name: _cast(field.type, field.constraints) for name, field in fields.items()}
    own = tuple(f.name for f in dataclasses.fields(cls) if f.name in fields)
    return casts, own


def _cast(kind: str, constraints: dict[str, Any]) -> Callable[[Any], Any]:
    """A validated value from its text: a number as a number, true or false as a boolean, an empty
    value as None."""

    def empty(value: Any) -> bool:
        return value is None or value == ""

    if kind == "integer":
        return lambda value: None if empty(value) else int(value)
    if kind == "number":
        return lambda value: None if empty(value) else float(value)
    if kind == "boolean":
        return lambda value: None if empty(value) else str(value).strip().lower() in ("true", "1")
    return lambda value: None if empty(value) else value


def build_directory(tables: Tables) -> Directory:
    """Link validated tables into the directory model (linear in the number of rows).

    Hundreds of thousands of linked objects, kept for the whole build: the cycle collector
    is held off while they are made.
    """
    with paused_gc():
        directory = _build(tables)
        mark_incumbents(directory)
        return directory


def _states(tables: Tables, rows: _Rows) -> dict[str, State]:
    """Each state record, by id, with its regular election days."""
    states = {
        r["id"]: rows.make(State, "states", r, sources=rows.cited(f"states/{r['id']}")) for r in tables.rows["states"]
    }
    for r, origin in rows.each("election_days"):
        rule = rows.make(ElectionDay, "election_days", r, sources=rows.cited(f"states/{r['state']}", origin.field_path))
        states[r["state"]].election_days.append(rule)
    return states


def _build(tables: Tables) -> Directory:
    rows = _Rows(tables)
    topics = {r["id"]: rows.make(Topic, "topics", r) for r in tables.rows["topics"]}
    organizations = {
        r["id"]: rows.make(Organization, "organizations", r, sources=rows.cited(f"organizations/{r['id']}"))
        for r in tables.rows["organizations"]
    }
    states = _states(tables, rows)
    cities: dict[str, City] = {}
    for r in tables.rows["cities"]:
        cities[r["id"]] = rows.make(
            City,
            "cities",
            r,
            slug=r["id"].split("/")[1],
            sources=rows.cited(f"cities/{r['id']}"),
            state_record=states.get(r["state"]),
        )
    elections: dict[tuple[str, str], Election] = {}
    for r, origin in rows.each("elections"):
        city = cities[r["city"]]
        election = rows.make(
            Election, "elections", r, city=city, sources=rows.cited(f"cities/{city.id}", origin.field_path)
        )
        elections[(city.id, election.id)] = election
        city.elections.append(election)
    races: dict[tuple[str, str, str], Race] = {}
    for r, origin in rows.each("races"):
        election = elections[(r["city"], r["election"])]
        race = rows.make(
            Race,
            "races",
            r,
            election=election,
            seats=int(r.get("seats") or 1),
            sources=rows.cited(f"cities/{r['city']}", origin.field_path),
        )
        races[(r["city"], r["election"], r["id"])] = race
        election.races.append(race)
    candidates: dict[str, Candidate] = {}
    for r, origin in rows.each("candidates"):
        city = cities[r["city"]]
        candidate = rows.make(
            Candidate,
            "candidates",
            r,
            slug=r["id"].rsplit("/", 1)[1],
            city=city,
            path=origin.path,
            sources=rows.cited(f"candidates/{r['id']}"),
        )
        candidates[candidate.id] = candidate
        city.candidates.append(candidate)
    for r, origin in rows.each("candidacies"):
        candidate = candidates[r["candidate"]]
        race = races[(r["city"], r["election"], r["race"])]
        candidacy = rows.make(
            Candidacy,
            "candidacies",
            r,
            candidate=candidate,
            race=race,
            sources=rows.cited(f"candidates/{candidate.id}", origin.field_path),
        )
        candidate.candidacies.append(candidacy)
        race.candidacies.append(candidacy)
    _rounds(tables, rows, races, candidates)
    _possibly_same(tables, candidates)
    for r, origin in rows.each("positions"):
        candidate = candidates[r["candidate"]]
        position = rows.make(
            Position,
            "positions",
            r,
            candidate=candidate,
            topic=topics[r["topic"]],
            text=r["position"],
            sources=rows.cited(f"candidates/{candidate.id}", origin.field_path),
        )
        candidate.positions.append(position)
        position.topic.positions.append(position)
    for r, origin in rows.each("endorsements"):
        candidate = candidates[r["candidate"]]
        endorsement = rows.make(
            Endorsement,
            "endorsements",
            r,
            candidate=candidate,
            organization=organizations[r["organization"]],
            election=elections[(r["city"], r["election"])],
            sources=rows.cited(f"candidates/{candidate.id}", origin.field_path),
        )
        candidate.endorsements.append(endorsement)
        endorsement.organization.endorsements.append(endorsement)
    questionnaires = _questionnaires(tables, rows, cities, elections, races, organizations, topics)
    for r, origin in rows.each("answers"):
        candidate = candidates[r["candidate"]]
        question = questionnaires[r["questionnaire"]][1][r["question"]]
        answer = rows.make(
            Answer,
            "answers",
            r,
            candidate=candidate,
            question=question,
            text=r["answer"],
            sources=rows.cited(f"candidates/{candidate.id}", origin.field_path),
        )
        candidate.answers.append(answer)
        question.answers.append(answer)
    for r in tables.rows["links"]:
        candidates[r["candidate"]].links.append(rows.make(Link, "links", r))
    _officeholders(rows, cities, candidates)
    directory = _sorted(cities, candidates, organizations, topics, elections)
    directory.state_records = dict(sorted(states.items()))
    directory.questionnaires = sorted(
        (q for q, _ in questionnaires.values()), key=lambda q: (q.city.label, q.sent, q.id)
    )
    for candidate in candidates.values():
        candidate.answers.sort(
            key=lambda a: (a.question.questionnaire.sent, a.question.questionnaire.id, a.question.number)
        )
    return directory


def _possibly_same(tables: Tables, candidates: dict[str, Candidate]) -> None:
    """Links each open possible match (:func:`site_builder.records.people.possible_matches`) both ways."""
    for first, second in open_pairs(tables.rows):
        if first.id in candidates and second.id in candidates:
            candidates[first.id].possibly_same.append(candidates[second.id])
            candidates[second.id].possibly_same.append(candidates[first.id])


def _questionnaires(
    tables: Tables,
    rows: _Rows,
    cities: dict[str, City],
    elections: dict[tuple[str, str], Election],
    races: dict[tuple[str, str, str], Race],
    organizations: dict[str, Organization],
    topics: dict[str, Topic],
) -> dict[str, tuple[Questionnaire, dict[str, Question]]]:
    """Each questionnaire, by id, with its questions by id; linked to the races it asks and the topics asked about."""
    found: dict[str, tuple[Questionnaire, dict[str, Question]]] = {}
    for r, origin in rows.each("questionnaires"):
        organization = organizations[r["organization"]] if r.get("organization") else None
        questionnaire = rows.make(
            Questionnaire,
            "questionnaires",
            r,
            city=cities[r["city"]],
            election=elections[(r["city"], r["election"])],
            organization=organization,
            path=origin.path,
            sources=rows.cited(f"questionnaires/{r['id']}"),
        )
        found[questionnaire.id] = (questionnaire, {})
    for r in tables.rows["questionnaire_offices"]:
        questionnaire = found[r["questionnaire"]][0]
        race = races[(r["city"], r["election"], r["race"])]
        questionnaire.races.append(race)
        race.questionnaires.append(questionnaire)
    for r in tables.rows["questions"]:
        questionnaire, questions = found[r["questionnaire"]]
        topic = topics[r["topic"]] if r.get("topic") else None
        question = rows.make(Question, "questions", r, questionnaire=questionnaire, topic=topic, text=r["question"])
        questions[question.id] = question
        questionnaire.questions.append(question)
        if topic is not None:
            topic.questions.append(question)
    for questionnaire, _ in found.values():
        questionnaire.questions.sort(key=lambda q: q.number)
        questionnaire.races.sort(key=lambda race: race.sort_key)
    for race in races.values():
        race.questionnaires.sort(key=lambda q: (q.sent, q.title.casefold(), q.id))
    return found


def _rounds(
    tables: Tables, rows: _Rows, races: dict[tuple[str, str, str], Race], candidates: dict[str, Candidate]
) -> None:
    """Each race's rounds, in the order listed, with each candidate's count linked to their candidacy."""
    rounds: dict[tuple[str, str, str, str], Round] = {}
    for r in tables.rows["rounds"]:
        race = races[(r["city"], r["election"], r["race"])]
        counted = rows.make(Round, "rounds", r, race=race)
        rounds[(r["city"], r["election"], r["race"], r["round"])] = counted
        race.rounds.append(counted)
    for r in tables.rows["round_counts"]:
        race = races[(r["city"], r["election"], r["race"])]
        candidate = candidates[r["candidate_id"]]
        candidacy = next(c for c in race.candidacies if c.candidate is candidate)
        rounds[(r["city"], r["election"], r["race"], r["round"])].counts.append(
            rows.make(RoundCount, "round_counts", r, candidacy=candidacy)
        )


def _officeholders(rows: _Rows, cities: dict[str, City], candidates: dict[str, Candidate]) -> None:
    """Each city's officeholders, each linked both ways with the candidate record of the same person."""
    for r, origin in rows.each("officeholders"):
        city = cities[r["city"]]
        linked = candidates.get(r.get("candidate") or "")
        holder = rows.make(
            Officeholder,
            "officeholders",
            r,
            city=city,
            candidate=linked if linked is not None and linked.city is city else None,
            sources=rows.cited(f"cities/{city.id}", origin.field_path),
        )
        city.officeholders.append(holder)
        if holder.candidate is not None:
            holder.candidate.offices_held.append(holder)


def _sorted(
    cities: dict[str, City],
    candidates: dict[str, Candidate],
    organizations: dict[str, Organization],
    topics: dict[str, Topic],
    elections: dict[tuple[str, str], Election],
) -> Directory:
    status = load_schema().tables["candidacies"].fields["status"]
    for city in cities.values():
        city.elections.sort(key=lambda e: e.sort_key)
        city.candidates.sort(key=lambda c: (c.name.casefold(), c.id))
        # In the order of the offices, each one's latest term first (a term whose end is not known after those
        # whose end is).
        city.officeholders.sort(key=lambda o: o.term_end or "", reverse=True)
        city.officeholders.sort(key=lambda o: office_order(o.office, o.district))
        follow_in_seats(city.officeholders)
        for candidate in city.candidates:
            candidate.offices_held.sort(key=lambda o: o.term_order, reverse=True)
        for election in city.elections:
            election.races.sort(key=lambda r: r.sort_key)
            for race in election.races:
                race.candidacies.sort(
                    key=lambda c: (
                        status.rank(c.status),
                        -(c.vote_share or 0),
                        -(c.votes or 0),
                        c.candidate.name.casefold(),
                    )
                )
    for candidate in candidates.values():
        candidate.candidacies.sort(key=lambda c: c.election.sort_key)
        candidate.possibly_same.sort(key=lambda c: (c.name.casefold(), c.id))
        candidate.endorsements.sort(key=lambda e: (e.election.sort_key, e.organization.name.casefold()))
    for organization in organizations.values():
        organization.endorsements.sort(key=lambda e: (e.election.sort_key, e.candidate.city.label, e.candidate.name))
    for topic in topics.values():
        topic.positions.sort(key=lambda p: (p.candidate.city.label, p.candidate.name.casefold()))
    return Directory(
        cities=sorted(cities.values(), key=lambda c: (c.state_name, c.name)),
        candidates=sorted(candidates.values(), key=lambda c: c.id),
        organizations=sorted(organizations.values(), key=lambda o: o.name.casefold()),
        topics=sorted(topics.values(), key=lambda t: t.name.casefold()),
        elections=sorted(elections.values(), key=lambda e: (*e.sort_key, e.city.label)),
    )
