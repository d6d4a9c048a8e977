"""`cdm feedback build | search | pain-points`: the feedback index and its two ways of asking."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from cdm.principal_options import AttrOption, RoleOption, UserOption, principal_from_options
from data.errors import CdmError
from engines.status import Status

if TYPE_CHECKING:
    from guards.principal import Principal

feedback_app = typer.Typer(
    help="Customer feedback: build the index, search it, list pain points.", no_args_is_help=True
)
WhereOption = Annotated[list[str] | None, typer.Option("--where", help="Filter k=v; repeatable.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    app.add_typer(feedback_app, name="feedback")


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise CdmError(f"{option} expects key=value, got {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


def _principal(role: str | None, user: str | None, attrs: list[str] | None) -> Principal:
    return principal_from_options(role, user, attrs)


def _day(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as error:
        raise CdmError(f"{option} expects a date like 2026-07-01, got {value!r}") from error


@feedback_app.command("build")
def build_command(rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and embed all.")] = False):
    """Embed new or changed feedback into Chroma and refresh the pain-point tables."""
    from data.settings import chroma_path, warehouse_path
    from feedback.index import build_index
    from feedback.store import drop_index

    if rebuild:
        drop_index(chroma_path())
    report = build_index(warehouse_path(), chroma_path(), progress=True)
    typer.echo(
        f"{report.documents} texts ({report.distinct_texts} distinct), {report.embedded} embedded "
        f"({report.embeddings_per_second:.0f}/s), "
        f"{report.deleted} deleted, {report.pain_points} pain points, {report.seconds:.1f} s"
    )


@feedback_app.command("search")
def search_command(
    text: str,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
    where: WhereOption = None,
    k: Annotated[int, typer.Option("-k", help="Number of results.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Semantic search over redacted reviews and tickets, within the role's rows."""
    from feedback.search import search_feedback

    result = search_feedback(text, _principal(role, user, attr), filters=_pairs(where, "--where"), k=k)
    payload = result.to_json_dict()
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for notice in payload["notices"]:
        typer.echo(f"note: {notice['message']}")
    for hit in payload["results"]:
        typer.echo(f"{hit['score']:.3f}  {hit['source']} {hit['id']}  {hit['text']}")
    if result.status != Status.OK:
        raise typer.Exit(1)


@feedback_app.command("pain-points")
def pain_points_command(
    by: Annotated[
        str | None, typer.Option("--by", help="region | channel | month | member_tier | category | ...")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day, e.g. 2026-07-01.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, e.g. 2026-09-30.")] = None,
    role: RoleOption = None,
    user: UserOption = None,
    attr: AttrOption = None,
    where: WhereOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pain points in negative feedback, with counts and redacted quotes."""
    from feedback.pain_points import pain_point_summary

    result = pain_point_summary(
        _principal(role, user, attr), by=by, start=_day(start, "--from"), end=_day(end, "--to"),
        filters=_pairs(where, "--where"),
    )  # fmt: skip
    payload = result.to_json_dict()
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    if result.status != Status.OK:
        raise CdmError("; ".join(n["message"] for n in payload["notices"]) or f"pain points: {result.status}")
    typer.echo(" | ".join(payload["columns"]))
    for row in payload["rows"]:
        typer.echo(" | ".join(str(v) for v in row))
    typer.echo(payload["summary"])
    for notice in payload["notices"]:
        typer.echo(f"note: {notice['message']}")
