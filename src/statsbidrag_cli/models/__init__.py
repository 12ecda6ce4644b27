"""Pydantic shapes of the files: decisions, population descriptions, programmes; the schema."""
