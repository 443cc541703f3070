"""CSV cells that a spreadsheet can never run.

A cell starting with = + - @, a tab or a carriage return is written with a leading single
quote: names and summaries come from information systems and people, and an export must never
execute a formula when an admin opens it.
"""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value
