"""``classwalk data export``: the database's walks as a dataset of tidy tables."""

from __future__ import annotations

from pathlib import Path

import click

from classwalk.features.dataset import FORMATS
from .common import cli, get_classwalk


@cli.group("data")
def data() -> None:
    """The records as data: tables for R, pandas, DuckDB, Spark or a district warehouse."""


@data.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "sources", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A database to export (repeat for several: they become one dataset). Default: this database.")
@click.option("--format", "file_format", type=click.Choice(FORMATS), default="parquet", show_default=True,
              help="Parquet (needs pyarrow: the 'data' extra) or CSV.")
@click.option("--with-names", is_flag=True,
              help="Keep teachers' names (for the observers' own use); by default each teacher is a pseudonym.")
@click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Keep the pseudonyms' key in this file (made owner-only if new), so later exports "
                   "give each teacher the same pseudonym.")
@click.pass_context
def export(ctx: click.Context, folder: Path, sources: tuple[Path, ...], file_format: str, with_names: bool,
           key_file: Path | None) -> None:
    """Write every walk as tidy tables into the new FOLDER, by school and school year.

    One folder per table (walks, visits, notes, intervals, ...), partitioned like Hive
    (school_key=.../school_year=...), with dataset.json describing it; docs/data.md is the
    data dictionary. Students are never named.
    """
    from classwalk.features.dataset import export_dataset

    if with_names and key_file is not None:
        raise click.UsageError("--key-file is for pseudonyms: leave it out with --with-names")
    classwalk = get_classwalk(ctx)
    paths = list(sources) or [classwalk.db_path]
    summary = export_dataset(classwalk.protocols, paths, folder, file_format, with_names, key_file)
    click.echo(f"Exported {summary.line()}")
