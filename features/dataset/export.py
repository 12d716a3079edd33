"""``classwalk data export``: every walk of one or more databases as one dataset of tidy tables.

The dataset is a folder: ``dataset.json`` (schema version, tables, schools), and one
folder per table, partitioned by school and school year the way Hive lays out tables
(``notes/school_key=maple-grove-elementary/school_year=2026-2027/notes.parquet``), so
DuckDB, pandas/pyarrow, R (arrow) and Spark read each table as one dataset. Every
partition holds every table (with no rows where there is nothing), so a table read over
the whole folder always has its columns.

Several databases (``--from a.db --from b.db``) are first merged as ``classwalk import``
merges bundles, into a scratch database that is deleted afterwards: a walk found in two
databases is one walk, with one id. The folder is written whole or not at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

from attrs import frozen

from classwalk.core.convert import unstructure
from classwalk.core.errors import ClasswalkError
from classwalk.core.storage.files import make_private_folder
from classwalk.core.storage.store import Store
from classwalk.core.escape import for_terminal
from classwalk.features.dataset.pseudonyms import Pseudonyms, load_key
from classwalk.features.dataset.rows import SchoolRows, school_year
from classwalk.features.dataset.schema import PARTITIONS, SCHEMA_VERSION, TABLES

FORMATS = ("parquet", "csv")
MANIFEST = "dataset.json"


@frozen(kw_only=True)
class ExportSummary:
    folder: Path
    file_format: str
    rows: dict[str, int]
    schools: tuple[str, ...]
    school_years: tuple[str, ...]
    walks: int
    named: bool

    def line(self) -> str:
        hidden = "teachers named" if self.named else "teachers pseudonymised"
        years = ", ".join(self.school_years)
        return (f"{self.walks} walk{'s' if self.walks != 1 else ''} of {len(self.schools)} "
                f"school{'s' if len(self.schools) != 1 else ''} ({years}): {len(self.rows)} tables, "
                f"{sum(self.rows.values())} rows, {self.file_format}, {hidden}, in {self.folder}")


def school_key(name: str) -> str:
    """A folder-safe key for a school: ``Maple Grove Elementary`` -> ``maple-grove-elementary``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "school"


def school_keys(schools) -> dict[str, str]:
    """school -> key; two schools whose keys would be the same each get a number after theirs."""
    keys: dict[str, list[str]] = defaultdict(list)
    for school in sorted(set(schools)):
        keys[school_key(school)].append(school)
    found = {}
    for key, names in keys.items():
        for number, school in enumerate(names, start=1):
            found[school] = key if len(names) == 1 else f"{key}-{number}"
    return found


def _check_target(folder: Path) -> None:
    if folder.is_symlink():
        raise ClasswalkError(f"{for_terminal(folder)}: is a link: give a new folder for the dataset")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ClasswalkError(f"{for_terminal(folder)}: already exists and is not an empty folder: "
                             "give a new folder for the dataset")


def _open_sources(sources: list[Path]) -> list[Path]:
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if not path.is_file():
            raise ClasswalkError(f"{for_terminal(path)}: no database there (give a classwalk database file with --from)")
        if path.resolve() not in [p.resolve() for p in found]:
            found.append(path)
    return found


def _merged(sources: list[Path], registry, scratch: Path) -> Store:
    """One store holding every walk of ``sources``, merged as imports merge bundles."""
    from classwalk.features.bundles.importer import import_bundle

    if len(sources) == 1:
        return Store(sources[0])
    store = Store(scratch / "merged.db")
    target = SimpleNamespace(store=store, protocols=registry)
    for source in sources:
        with Store(source) as each:
            for walk in each.list_walks():
                text = json.dumps(unstructure(each.walk_bundle(walk.id)), ensure_ascii=False)
                import_bundle(target, text, f"{source.name}, walk {walk.id[:8]}")
    return store


def export_dataset(registry, sources: list[Path], folder: Path, file_format: str = "parquet",
                   with_names: bool = False, key_file: Path | None = None) -> ExportSummary:
    """Write every walk of ``sources`` as one dataset into the new folder ``folder``."""
    if file_format not in FORMATS:
        raise ClasswalkError(f"unknown dataset format {file_format!r} (choose from {', '.join(FORMATS)})")
    if file_format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ClasswalkError("Parquet needs pyarrow: pip install 'classwalk[data]' "
                                 "(or use --format csv)") from None
    folder = Path(folder)
    _check_target(folder)
    paths = _open_sources(sources)
    pseudonyms = Pseudonyms(None if with_names else load_key(key_file))
    with tempfile.TemporaryDirectory(prefix="classwalk-merge-") as scratch:
        store = _merged(paths, registry, Path(scratch))
        try:
            walks = store.list_walks()
            if not walks:
                names = ", ".join(for_terminal(p) for p in paths)
                raise ClasswalkError(f"{names}: no walks to export")
            keys = school_keys(w.school for w in walks)
            by_school = defaultdict(list)
            for walk in walks:
                by_school[walk.school].append(walk)
            try:
                writer = DatasetWriter(folder, file_format)
            except OSError as error:
                raise ClasswalkError(f"{for_terminal(folder)}: cannot write the dataset here ({error.strerror})") from None
            try:
                for school, its_walks in sorted(by_school.items()):  # one school in memory at a time
                    year_of = {w.id: school_year(w.date) for w in its_walks}
                    partitions: dict[str, dict[str, list[dict]]] = {year: defaultdict(list)
                                                                   for year in set(year_of.values())}
                    for table, table_rows in SchoolRows(store, registry, its_walks, pseudonyms).build().items():
                        for row in table_rows:
                            partitions[year_of[row["walk_id"]]][table].append(row)
                    for year, tables in sorted(partitions.items()):
                        writer.partition(keys[school], year, tables)
                writer.finish(keys, with_names, [p.name for p in paths])
            except OSError as error:
                writer.abandon()
                raise ClasswalkError(f"{for_terminal(folder)}: cannot write the dataset ({error.strerror or error})") from None
            except BaseException:
                writer.abandon()
                raise
        finally:
            store.close()
    return ExportSummary(folder=folder, file_format=file_format, rows=writer.counts, schools=tuple(sorted(keys)),
                         school_years=tuple(sorted(writer.years)), walks=len(walks), named=with_names)


class DatasetWriter:
    """Writes partitions into a private folder beside the target, then moves it into place whole."""

    def __init__(self, folder: Path, file_format: str):
        self.folder, self.file_format = folder, file_format
        parent = folder.parent if str(folder.parent) else Path(".")
        make_private_folder(parent)
        self.partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=parent))
        self.counts = {table.name: 0 for table in TABLES}
        self.years: set[str] = set()

    def partition(self, key: str, year: str, tables: dict[str, list[dict]]) -> None:
        """Every table of one school and school year (a table with no rows gets a file with none)."""
        self.years.add(year)
        for table in TABLES:
            where = self.partial / table.name / f"school_key={key}" / f"school_year={year}"
            make_private_folder(where)
            rows = tables.get(table.name, [])
            path = where / f"{table.name}.{self.file_format}"
            (_write_parquet if self.file_format == "parquet" else _write_csv)(table, rows, path)
            os.chmod(path, 0o600)
            self.counts[table.name] += len(rows)

    def finish(self, keys: dict[str, str], named: bool, source_names: list[str]) -> None:
        manifest = {
            "format": "classwalk-dataset", "schema_version": SCHEMA_VERSION, "file_format": self.file_format,
            "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "teachers": "named" if named else "pseudonymised",
            "partitioning": {"flavor": "hive", "columns": [name for name, _ in PARTITIONS]},
            "school_year_starts": "07-01",
            "sources": source_names,
            "schools": [{"school": school, "school_key": key} for school, key in sorted(keys.items())],
            "tables": {table.name: {"rows": self.counts[table.name], "key": list(table.key),
                                    "columns": table.column_names(),
                                    "types": {c.name: c.type for c in table.columns}} for table in TABLES},
        }
        manifest_path = self.partial / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.chmod(manifest_path, 0o600)
        if self.folder.exists():
            self.folder.rmdir()  # an empty folder given as the target
        os.rename(self.partial, self.folder)

    def abandon(self) -> None:
        shutil.rmtree(self.partial, ignore_errors=True)


def arrow_schema(table):
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "timestamp": pa.timestamp("ms", tz="UTC"), "date": pa.date32()}
    fields = [pa.field(c.name, types[c.type], nullable=c.nullable) for c in table.columns]
    return pa.schema(fields, metadata={"classwalk.schema_version": SCHEMA_VERSION, "classwalk.table": table.name})


def _write_parquet(table, rows: list[dict], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    names = table.column_names()
    data = pa.Table.from_pylist([{name: row.get(name) for name in names} for row in rows], schema=schema)
    pq.write_table(data, path)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv(table, rows: list[dict], path: Path) -> None:
    names = table.column_names()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_value(row.get(name)) for name in names])
