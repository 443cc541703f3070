from trellis.rosters.oneroster.export import escape_cell


def test_formula_starts_are_quoted():
    for value in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert escape_cell(value) == "'" + value


def test_plain_values_stay_as_they_are():
    for value in ("Amara", "a=b", "", "1-2", "O'Neil"):
        assert escape_cell(value) == value
    assert escape_cell(None) == ""
