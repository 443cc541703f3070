"""The one check for typed text."""

import pytest

from trellis.common.errors import UserError
from trellis.common.text import clean_text


def test_clean_text_trims_and_collapses_on_request():
    assert clean_text("  two  words \n", limit=20, field="f", what="The note") == "two  words"
    assert clean_text(" a \n b ", limit=20, field="f", what="X", collapse=True) == "a b"
    assert clean_text("  ", limit=20, field="f", what="X", required=False) == ""


def test_clean_text_says_what_where_and_what_to_do():
    with pytest.raises(UserError, match="The note is empty") as empty:
        clean_text(" ", limit=5, field="note", what="The note")
    assert empty.value.field == "note"
    with pytest.raises(UserError, match="Write the criterion"):
        clean_text("", limit=5, field="c", what="The criterion", empty="Write the criterion.")
    with pytest.raises(UserError, match="6 characters long; the limit is 5") as long:
        clean_text("abcdef", limit=5, field="note", what="The note")
    assert long.value.field == "note" and "Shorten it" in long.value.message
