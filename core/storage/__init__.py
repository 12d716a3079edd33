"""The observer's SQLite database and every file classwalk writes: the store, its migrations, paths and atomic writes."""
