"""Extraction: documents -> parsed sentences -> predicates and arguments -> entities -> statements."""
