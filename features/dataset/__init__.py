"""Data out as data: every walk as tidy tables (Parquet or CSV) for R, pandas, DuckDB and Spark."""

from .export import FORMATS, ExportSummary, export_dataset
from .schema import SCHEMA_VERSION, TABLES

__all__ = ["FORMATS", "ExportSummary", "SCHEMA_VERSION", "TABLES", "export_dataset"]
