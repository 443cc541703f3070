"""Reflection pages, split by sub-domain: journal, portfolio, families (and the bell)."""
