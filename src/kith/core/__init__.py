"""Pure insight functions over plain data (no I/O, no SQLAlchemy, FastAPI or Typer)."""
