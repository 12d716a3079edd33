"""Write docs/data.md, the data dictionary of ``classwalk data export``, from the schema
code (classwalk.features.dataset.schema). Run ``make docs`` after changing a table; a
test fails while the file and the code differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("data.md")

INTRO = """\
# Data out as data: the dataset and its dictionary

Generated from `features/dataset/schema.py` by `docs/generate_data.py`; do not edit by hand.

`classwalk data export DIR` writes every walk of the database as tidy tables, one row
per thing recorded, for R, pandas, DuckDB, Spark or a district warehouse:

```sh
classwalk data export walks-data                         # Parquet (needs the 'data' extra: pip install 'classwalk[data]')
classwalk data export walks-data --format csv            # CSV instead
classwalk data export district --from north.db --from south.db   # several databases, one dataset
classwalk data export walks-data --key-file ~/.classwalk-pseudonym.key  # the same pseudonyms every time
```

- **One folder per table, partitioned by school and school year** the way Hive lays out
  tables: `notes/school_key=maple-grove-elementary/school_year=2026-2027/notes.parquet`.
  Every reader that knows Hive partitioning (DuckDB, pyarrow and pandas, R's arrow,
  Spark) reads a table's folder as one table, with `school_key` and `school_year` as
  columns. Every partition holds every table, so a table always has its columns.
- **Numbers are numbers, times are times.** Counts are whole numbers, shares are
  numbers from 0 to 1, times are UTC (Parquet timestamps; in CSV, ISO 8601 with its
  offset, `2026-10-05T09:05:00.000+00:00`), dates are dates.
- **Ids and labels both.** Every record keeps its id (a UUID, the same in every database
  it was merged into), and everything a protocol names (a look-for, a code, a choice) has
  its id and its label side by side.
- **Teachers are pseudonymised** by default: `teacher-` and ten hex digits, the same for
  one teacher throughout the dataset (in any case, with or without a title), also where
  a teacher's name appears in notes, debrief answers, next steps and feedback. The key
  is made afresh for each export, so two exports cannot be linked, unless you keep it
  with `--key-file FILE`. `--with-names` keeps the names, for the observers' own use.
  Students are never named: interview answers carry a label (Student A).
- **Several databases, one dataset.** With several `--from`, the databases are first
  merged as `classwalk import` merges bundles: a walk held in two databases is one walk,
  with one id. A district server's database after schools sync exports as it is.
- **Several observers, one lesson.** Visit records of the same classroom at overlapping
  times share a `classroom_visit_id`; interval tables mark the lead coding, so each
  lesson's intervals count once (`WHERE lead_coding`), as classwalk's own reports count
  them.
- **Versioned.** `dataset.json` at the top gives the schema version, the tables with
  their columns and row counts, the schools and their keys; each Parquet file carries
  `classwalk.schema_version` in its metadata. A column renamed or removed changes the
  major version; an added column the minor one.
- The dataset holds notes about children and teachers: its files are created readable
  by you only. It is written whole or not at all, into a new folder. CSV cells are
  written exactly as recorded (for analysis tools; a spreadsheet may read a cell that
  starts with `=` as a formula).
"""


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def generate() -> str:
    from classwalk.features.dataset.schema import EXAMPLE_QUERIES, PARTITIONS, SCHEMA_VERSION, TABLES, TYPES

    parts = [INTRO, f"Schema version: **{SCHEMA_VERSION}**.", "", "## Tables", ""]
    parts += [f"- [`{t.name}`](#{t.name.replace('_', '_')}): {t.description}" for t in TABLES]
    parts += ["", "## Partition columns", "", "In every table, from the folder names:", "",
              "| column | type | meaning |", "| --- | --- | --- |"]
    parts += [f"| `{name}` | text | {meaning} |" for name, meaning in PARTITIONS]
    parts += ["", "## Types", "", "| type | what it is |", "| --- | --- |"]
    parts += [f"| {name} | {meaning} |" for name, meaning in TYPES.items()]
    for table in TABLES:
        parts += ["", f"## {table.name}", "", table.description, "",
                  f"One row per `{'`, `'.join(table.key)}`.", "",
                  "| column | type | may be empty | meaning |", "| --- | --- | --- | --- |"]
        parts += [f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {_markdown_cell(c.description)} |"
                  for c in table.columns]
    parts += ["", "## Worked queries in DuckDB", "",
              "Replace `DATA` with the dataset's folder; run in the `duckdb` shell or from Python "
              "(`duckdb.sql(query)`). Each query reads the whole dataset, every school and school year.", ""]
    for title, explanation, sql in EXAMPLE_QUERIES:
        parts += [f"### {title}", "", explanation, "", "```sql", sql, "```", ""]
    parts += [SPARK, PYTHON_AND_R]
    return "\n".join(parts).rstrip() + "\n"


PYTHON_AND_R = """\
## pandas, pyarrow and R

```python
import pyarrow.dataset as ds
notes = ds.dataset("DATA/notes", format="parquet", partitioning="hive").to_table().to_pandas()
```

```r
library(arrow)
notes <- open_dataset("DATA/notes")            # school_key and school_year come from the folders
```

With `--format csv`, read in DuckDB with
`read_csv('DATA/notes/*/*/*.csv', hive_partitioning = true, union_by_name = true)`. Other
readers guess each CSV file's types on their own (a column empty in one school's file
looks like no type at all): give them the types listed for each table in `dataset.json`,
or export Parquet, which carries its types.
"""

SPARK = """\
## Pools too big for one machine: Spark

Copy the dataset folders of several districts side by side (ids never collide: they are
UUIDs) and read each table as one:

```python
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
ticks = spark.read.parquet("s3://pool/*/interval_ticks")
intervals = spark.read.parquet("s3://pool/*/intervals").where("lead_coding AND observed")
shares = (ticks.join(intervals.select("interval_id"), "interval_id")
          .groupBy("code_id").count()
          .withColumn("share", F.col("count") / intervals.count()))
shares.orderBy("code_id").show()
```
"""


if __name__ == "__main__":
    from pages import write_pages

    sys.exit(write_pages({OUTPUT: generate}))
