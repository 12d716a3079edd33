"""Data out as data: every walk as tidy tables (Parquet or CSV) for R, pandas, DuckDB and Spark."""

from classwalk.features.dataset.export import FORMATS, ExportSummary, export_dataset
from classwalk.features.dataset.schema import SCHEMA_VERSION, TABLES

__all__ = ["FORMATS", "ExportSummary", "SCHEMA_VERSION", "TABLES", "export_dataset"]
