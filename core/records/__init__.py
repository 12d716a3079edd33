"""What an observer records (walks, visits, evidence, debriefs), pattern tables, and the one converter to and from plain data."""
