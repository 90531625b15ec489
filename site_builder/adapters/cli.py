"""The `site-builder` command: validate, format and scaffold records, and import open data."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from site_builder.records import encode, people, realfiles
from site_builder.records import problems as problem_output
from site_builder.records.files import discover
from site_builder.records.loader import MAX_BYTES
from site_builder.records.problems import Code, errors
from site_builder.records.schema import SCHEMA_FOLDER, load_schema
from site_builder.records.validate import validate_directory
from site_builder.tools.formatting import format_text
from site_builder.tools.scaffold import Scaffold, ScaffoldError, new_candidate, new_city, new_organization

if TYPE_CHECKING:
    from site_builder.importers import importing

ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The directory holding cities/, candidates/, organizations/ and topics/.",
)
TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check freshness as of this day (YYYY-MM-DD) instead of today.",
)


def _today(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


@click.group()
@click.version_option(package_name="city-candidates")
def main() -> None:
    """Build and check the directory of candidates in US city elections."""


@main.command()
@ROOT
@TODAY
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "github", "json"]),
    default=None,
    help="Output style; `github` adds workflow annotations. Default: github inside GitHub Actions, else text.",
)
def validate(root: Path, today: dt.datetime | None, style: str | None) -> None:
    """Check every record; exit 1 if any has an error."""
    if style is None:
        style = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    tables, found = validate_directory(root, _today(today))
    click.echo(problem_output.render(found, style, len(tables.files)))
    sys.exit(1 if errors(found) else 0)


@main.group("review")
def review_group() -> None:
    """List what the records leave for a person to settle."""


@review_group.command("people")
@ROOT
@TODAY
def review_people_command(root: Path, today: dt.datetime | None) -> None:
    """List the candidates of one city who may be one person, with the evidence, then the open and settled counts.

    Settle each in the records, citing a source: merge the two records (the other name under `other_names:`), or
    tell them apart (`not_same_person:`). Exit 1 if the records have an error.
    """
    tables, found = validate_directory(root, _today(today))
    if errors(found):
        click.echo(problem_output.render(errors(found), "text", len(tables.files)))
        sys.exit(1)
    candidates = zip(tables.rows["candidates"], tables.origins["candidates"], strict=True)
    paths = {row["id"]: origin.path for row, origin in candidates}
    lines, summary = people.review(tables.rows, paths)
    for line in lines:
        click.echo(f"possible match in {encode.text(line)}")
    click.echo(summary)


@main.command()
@ROOT
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not in the canonical layout.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def fmt(root: Path, check: bool, files: tuple[Path, ...]) -> None:
    """Rewrite records in the canonical layout and key order."""
    schema = load_schema()
    records, placed = discover(root, schema)
    wanted = {f.resolve() for f in files}
    refused = [p for p in placed if p.code in _NOT_REAL and (not wanted or (root / p.path).resolve() in wanted)]
    changed, unreadable = [], []
    for record in records:
        if wanted and record.path.resolve() not in wanted:
            continue
        data, problem = realfiles.read_bytes(record.path, record.display, MAX_BYTES, root)
        if problem:
            refused.append(problem)
            continue
        try:
            text = (data or b"").decode("utf-8")
        except UnicodeDecodeError:
            unreadable.append(record.display)
            continue
        result = format_text(schema, record.table, text, record.display)
        if result is None:
            unreadable.append(record.display)
        elif result != text:
            problem = None if check else realfiles.write_bytes(record.path, record.display, result.encode("utf-8"))
            if problem:
                refused.append(problem)
            else:
                changed.append(record.display)
    for problem in refused:
        click.echo(problem.as_text(), err=True)
    for display in unreadable:
        click.echo(f"{display}: cannot be formatted until it loads; run `site-builder validate`", err=True)
    verb = "would be reformatted" if check else "reformatted"
    for display in changed:
        click.echo(f"{display}: {verb}")
    click.echo(f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}")
    sys.exit(1 if refused or unreadable or (check and changed) else 0)


_NOT_REAL = (Code.LINK, Code.SPECIAL_FILE, Code.OUTSIDE_ROOT)
"""The problems of a record path that `fmt` reports: those of a file it will neither read nor write."""


@main.group()
def new() -> None:
    """Create a record at the right path from a skeleton that validates."""


@new.command("city")
@ROOT
@TODAY
@click.argument("place")
@click.argument("name")
def new_city_command(root: Path, today: dt.datetime | None, place: str, name: str) -> None:
    """A city: PLACE is <state>/<city>, such as mn/minneapolis."""
    _run_scaffold(lambda: new_city(root, place, name, _today(today)))


@new.command("candidate")
@ROOT
@TODAY
@click.argument("place")
@click.argument("name")
def new_candidate_command(root: Path, today: dt.datetime | None, place: str, name: str) -> None:
    """A candidate in PLACE (<state>/<city>), running in the city's next election."""
    _run_scaffold(lambda: new_candidate(root, place, name, _today(today)))


@new.command("election")
@ROOT
@click.option(
    "--kind",
    default="general",
    show_default=True,
    type=click.Choice(["primary", "general", "runoff", "special"]),
    help="The kind of election.",
)
@click.option(
    "--office",
    "offices",
    multiple=True,
    help="An office on the ballot, its district after a comma: `Mayor`, `City Council, Ward 3`. "
    "Repeat for each; by default, the offices of the city's latest election.",
)
@click.option("--source", help="The web address of the official notice or calendar that gives the day.")
@click.argument("place")
@click.argument("date")
def new_election_command(
    root: Path, kind: str, offices: tuple[str, ...], source: str | None, place: str, date: str
) -> None:
    """An election on DATE (YYYY-MM-DD) added to the record of PLACE (<state>/<city>)."""
    from site_builder.importers.elections import new_election  # noqa: PLC0415

    _run_scaffold(lambda: new_election(root, place, date, kind, list(offices), source), root)


@new.command("organization")
@ROOT
@TODAY
@click.option(
    "--kind",
    default="advocacy-group",
    show_default=True,
    callback=lambda context, parameter, value: _organization_kind(value),
    help="One of the organisation kinds in the field reference.",
)
@click.argument("name")
def new_organization_command(root: Path, today: dt.datetime | None, kind: str, name: str) -> None:
    """An endorsing organisation."""
    _run_scaffold(lambda: new_organization(root, name, kind, _today(today)))


def _organization_kind(value: str) -> str:
    kinds = load_schema().tables["organizations"].fields["kind"].constraints["enum"]
    if value not in kinds:
        raise click.BadParameter(f"{value!r} is not one of {', '.join(map(repr, kinds))}.")
    return value


def _run_scaffold(make: Callable[[], Scaffold], root: Path | None = None) -> None:
    try:
        result = make()
    except ScaffoldError as error:
        raise _refused(error) from None
    if result.replace and root is not None:
        from site_builder.importers.transaction import WriteError, write  # noqa: PLC0415

        try:
            write(root, {result.path.relative_to(root).as_posix(): result.text})
        except WriteError as error:
            raise _refused(error) from None
        click.echo(f"changed {result.path.as_posix()}")
        return
    result.path.parent.mkdir(parents=True, exist_ok=True)
    result.path.write_text(result.text, encoding="utf-8")
    click.echo(f"created {result.path.as_posix()}")


@main.command("schemas")
@ROOT
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a schema file is missing or out of date.")
def schemas_command(root: Path, check: bool) -> None:
    """Write the editors' JSON Schemas (schema/<kind>.schema.json) from the descriptor."""
    from site_builder.tools.editor_schemas import stale_schemas, write_schemas  # noqa: PLC0415 (loaded only when used)

    folder = root / SCHEMA_FOLDER
    stale = (lambda: [folder / name for name in stale_schemas(folder)]) if check else None
    _write_generated(root, "schemas", "schema file", stale, lambda: write_schemas(folder))


@main.command("messages")
@ROOT
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a message catalogue is out of date.")
def messages_command(root: Path, check: bool) -> None:
    """Extract the pages' strings into the message catalogue and bring each language's translations up to it."""
    from site_builder.site.i18n import stale_messages, write_messages  # noqa: PLC0415 (loaded only when used)

    stale = (lambda: stale_messages(root)) if check else None
    _write_generated(root, "messages", "catalogue file", stale, lambda: write_messages(root))


def _write_generated(
    root: Path, command: str, noun: str, stale: Callable[[], list[Path]] | None, write: Callable[[], list[Path]]
) -> None:
    """Files the repository generates from its own sources: with ``stale`` (a check), name each file out of date
    and exit 1 if any is; else write them and say which changed."""
    if stale is not None:
        out_of_date = stale()
        for path in out_of_date:
            click.echo(f"{path.relative_to(root).as_posix()}: out of date; run `site-builder {command}`", err=True)
        sys.exit(1 if out_of_date else 0)
    changed = write()
    for path in changed:
        click.echo(f"wrote {path.relative_to(root).as_posix()}")
    click.echo(f"{len(changed)} {noun}{'s' if len(changed) != 1 else ''} updated")


@main.command("changes")
@ROOT
@TODAY
@click.option("--base", required=True, help="The git commit or branch to compare with, such as origin/main.")
def changes_command(root: Path, today: dt.datetime | None, base: str) -> None:
    """Markdown summary of the records changed since BASE, with the validation errors and warnings."""
    from site_builder.tools.changes import ChangesError, change_summary  # noqa: PLC0415 (loaded only when used)

    try:
        click.echo(change_summary(root, base, _today(today)), nl=False)
    except ChangesError as error:
        raise _refused(error) from None


@main.command("problem-codes")
@ROOT
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if the page is missing or out of date.")
def problem_codes_command(root: Path, check: bool) -> None:
    """Write the list of problem codes into the contributing guide (docs/contributing/index.md)."""
    from site_builder.tools.problem_codes import PAGE, page_is_current, write_page  # noqa: PLC0415

    if check:
        if not page_is_current(root):
            click.echo(f"{PAGE.as_posix()}: out of date; run `site-builder problem-codes`", err=True)
            sys.exit(1)
        return
    click.echo(f"{'wrote' if write_page(root) else 'unchanged'} {PAGE.as_posix()}")


NO_WAIT = click.Option(
    ["--no-wait"], is_flag=True, help="Refuse at once, instead of waiting, while another import runs."
)


class _ImportCommand(click.Command):
    """An import: it waits for any other import of the records (or, with ``--no-wait``, refuses), and first
    finishes or undoes one that was interrupted; a dry run does neither."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(NO_WAIT)

    def invoke(self, context: click.Context) -> Any:
        wait = not context.params.pop("no_wait")
        if context.params.get("dry_run"):
            return super().invoke(context)
        with _one_import(context.params["root"], wait) as line:
            if line:
                click.echo(line)
            return super().invoke(context)


@contextlib.contextmanager
def _one_import(root: Path, wait: bool) -> Iterator[str | None]:
    """Hold the import lock; yield the line saying how an interrupted import was settled, if there was one."""
    from site_builder.importers import transaction  # noqa: PLC0415 (loaded only when used)

    try:
        with transaction.locked(root, wait, waiting=lambda line: click.echo(line, err=True)):
            yield transaction.recover(root)
    except transaction.WriteError as error:
        raise click.ClickException(str(error)) from None


@main.group("import")
def import_group() -> None:
    """Merge records from open data into the directory, through the canonical writer."""


import_group.command_class = _ImportCommand


@import_group.command("recover", cls=click.Command, params=[NO_WAIT])
@ROOT
def import_recover_command(root: Path, no_wait: bool) -> None:
    """Finish or undo an import that was interrupted (killed, or stopped by a full disk) and left .import.staging."""
    with _one_import(root, not no_wait) as line:
        click.echo(line or "no import was interrupted: nothing to recover")


@import_group.command("openelections")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.option(
    "--offices",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The reviewed mapping of office strings (default: the one in the importers package).",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_openelections_command(
    root: Path, today: dt.datetime | None, dry_run: bool, offices: Path | None, files: tuple[Path, ...]
) -> None:
    """Import OpenElections results CSV FILES (county,[precinct,]office,district,party,candidate,votes)."""
    from site_builder.importers import importing, merge  # noqa: PLC0415 (loaded only when used)
    from site_builder.importers.offices import MAPPING, MappingError  # noqa: PLC0415
    from site_builder.importers.openelections import InputError  # noqa: PLC0415

    try:
        outcome = importing.import_openelections(root, list(files), _today(today), offices or MAPPING)
    except (InputError, MappingError, merge.MergeError) as error:
        raise _refused(error) from None
    _finish(root, _today(today), outcome, dry_run)


def _refused(error: Exception) -> click.ClickException:
    """A refusal to print: its message, which quotes the dataset, as inert text on one line."""
    return click.ClickException(encode.text(str(error)))


def _say(line: str) -> None:
    """One line of an import's output, which quotes the dataset, as inert text."""
    click.echo(encode.text(line))


def _finish(root: Path, today: dt.date, outcome: importing.Outcome, dry_run: bool) -> None:
    """Print an import's plan, what it could not read, its notes, the matches to review and a summary;
    check the records as the plan would leave them, and write it unless a dry run or a record would
    not validate."""
    from site_builder.importers import importing, merge, review, transaction  # noqa: PLC0415 (loaded only when used)

    for line in review.describe(outcome.plan):
        _say(line)
    for unread in outcome.unread:
        _say(f"unread office: {unread.display}:{unread.line}: {unread.text} ({unread.reason})")
    for note in outcome.notes:
        _say(f"review: {note}")
    for match in outcome.review:
        _say(f"review: {match}")
    _say(review.summary(outcome.plan))
    refused = importing.refusals(root, outcome.plan, today)
    if refused:
        for problem in refused:
            click.echo(problem.as_text(), err=True)
        raise click.ClickException(
            f"nothing written: the records would have {len(refused)} error{'s' if len(refused) != 1 else ''} "
            "once imported (above, against the files the import would write); the records are as they were"
        )
    if dry_run:
        click.echo("dry run: nothing written")
        return
    try:
        count = merge.write(root, outcome.plan)
    except transaction.WriteError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{count} file{'s' if count != 1 else ''} written")


def _ranked_choice(
    root: Path, today: dt.datetime | None, dry_run: bool, plan: Callable[[dt.date], importing.Outcome]
) -> None:
    """An import of ranked-choice tabulations: the reader's plan, or its refusal as ``file:line: message``."""
    from site_builder.importers import merge  # noqa: PLC0415 (loaded only when used)
    from site_builder.importers.tabulation import InputError  # noqa: PLC0415

    try:
        outcome = plan(_today(today))
    except (InputError, merge.MergeError) as error:
        raise _refused(error) from None
    _finish(root, _today(today), outcome, dry_run)


@import_group.command("openstates")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
def import_openstates_command(root: Path, today: dt.datetime | None, dry_run: bool, folder: Path) -> None:
    """Import the mayors of an Open States people checkout FOLDER (data/<state>/municipalities/, retired/)."""
    from site_builder.importers import importing, merge, openstates  # noqa: PLC0415 (loaded only when used)

    try:
        outcome = importing.import_openstates(root, folder, _today(today))
    except (openstates.InputError, merge.MergeError) as error:
        raise _refused(error) from None
    _finish(root, _today(today), outcome, dry_run)


@import_group.command("vote-gov")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def import_vote_gov_command(root: Path, today: dt.datetime | None, dry_run: bool, file: Path) -> None:
    """Import each state's official voter links from vote.gov's states.json FILE into states/<state>.yml."""
    from site_builder.importers import importing, merge, vote_gov  # noqa: PLC0415 (loaded only when used)

    try:
        outcome = importing.import_vote_gov(root, file, _today(today))
    except (vote_gov.InputError, merge.MergeError) as error:
        raise _refused(error) from None
    _finish(root, _today(today), outcome, dry_run)


@import_group.command("candidate-list")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_candidate_list_command(root: Path, today: dt.datetime | None, dry_run: bool, file: Path) -> None:
    """Import an official candidate list FILE filled in from docs/contributing/candidate-list.csv."""
    from site_builder.importers import candidate_list, importing, merge  # noqa: PLC0415 (loaded only when used)

    try:
        outcome = importing.import_candidate_list(root, file, _today(today))
    except candidate_list.RefusedRows as refused:
        for line in refused.lines:
            click.echo(encode.text(line), err=True)
        raise click.ClickException(f"nothing written: {refused}; the records are as they were") from None
    except (candidate_list.InputError, merge.MergeError) as error:
        raise _refused(error) from None
    _finish(root, _today(today), outcome, dry_run)


@import_group.command("minneapolis-rcv")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_minneapolis_rcv_command(
    root: Path, today: dt.datetime | None, dry_run: bool, files: tuple[Path, ...]
) -> None:
    """Import Minneapolis' ranked-choice tabulations FILES (the city's PDFs as text, Source_Metadata.csv beside)."""
    from site_builder.importers import importing  # noqa: PLC0415 (loaded only when used)

    _ranked_choice(root, today, dry_run, lambda day: importing.import_minneapolis_rcv(root, list(files), day))


@import_group.command("alameda-rcv")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_alameda_rcv_command(root: Path, today: dt.datetime | None, dry_run: bool, files: tuple[Path, ...]) -> None:
    """Import the Alameda County Registrar of Voters' ranked-choice reports FILES of Oakland, Berkeley and
    San Leandro (the PDFs as text; Source_Metadata.csv beside them or in their parent folder)."""
    from site_builder.importers import importing  # noqa: PLC0415 (loaded only when used)

    _ranked_choice(root, today, dry_run, lambda day: importing.import_alameda_rcv(root, list(files), day))


@import_group.command("multnomah-rcv")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_multnomah_rcv_command(root: Path, today: dt.datetime | None, dry_run: bool, files: tuple[Path, ...]) -> None:
    """Import Multnomah County Elections' final ranked-choice reports FILES of the City of Portland (PDFs as text)."""
    from site_builder.importers import importing  # noqa: PLC0415 (loaded only when used)

    _ranked_choice(root, today, dry_run, lambda day: importing.import_multnomah_rcv(root, list(files), day))


@import_group.command("nyc-rcv")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_nyc_rcv_command(root: Path, today: dt.datetime | None, dry_run: bool, files: tuple[Path, ...]) -> None:
    """Import New York City's certified ranked-choice rounds FILES (the Board of Elections' reports as text,
    Source_Metadata.csv beside them or in the folder above); every file not imported is listed with its reason."""
    from site_builder.importers import importing  # noqa: PLC0415 (loaded only when used)

    _ranked_choice(root, today, dry_run, lambda day: importing.import_nyc_rcv(root, list(files), day))


@import_group.command("sf-rcv")
@ROOT
@TODAY
@click.option("--dry-run", is_flag=True, help="Write nothing; print the files that would be added or changed.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def import_sf_rcv_command(root: Path, today: dt.datetime | None, dry_run: bool, files: tuple[Path, ...]) -> None:
    """Import the San Francisco Department of Elections' ranked-choice reports FILES (the PDFs as text,
    Source_Metadata.csv beside them or in the folder above); every file not imported is listed with its reason."""
    from site_builder.importers import importing  # noqa: PLC0415 (loaded only when used)

    _ranked_choice(root, today, dry_run, lambda day: importing.import_sf_rcv(root, list(files), day))


if __name__ == "__main__":
    main()
