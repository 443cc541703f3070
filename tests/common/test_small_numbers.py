"""The one small-numbers rule (trellis.common.small_numbers), without a database."""

from trellis.common.small_numbers import (
    HIDDEN,
    THRESHOLD,
    Figure,
    is_small,
    protect_group,
    protect_row,
)


def test_threshold_is_ten_and_hidden_figures_say_so_in_words():
    assert THRESHOLD == 10 and HIDDEN == "fewer than 10 students"
    assert is_small(9) and is_small(0) and not is_small(10) and not is_small(None)
    assert str(Figure(None, True)) == "fewer than 10 students"
    assert str(Figure(12)) == "12"


def test_a_small_group_hides_all_its_figures_together():
    figures = protect_group({"students": 2, "teams": 1}, students=2)
    assert all(f.hidden and f.value is None for f in figures.values())
    figures = protect_group({"students": 10, "teams": 2}, students=10)
    assert [f.value for f in figures.values()] == [10, 2]


def test_one_hidden_cell_takes_the_next_smallest_with_it_when_a_total_is_shown():
    cells, total = protect_row({"a": 3, "b": 40, "c": 25}, total=68)
    assert cells["a"].hidden
    # Otherwise a = 68 - 40 - 25: the smallest shown cell is hidden as well.
    assert cells["c"].hidden and not cells["b"].hidden
    assert total.value == 68
    shown = sum(f.value for f in cells.values() if not f.hidden)
    assert total.value - shown == 28  # only the sum of two cells can be recovered, not either


def test_hidden_cells_must_stand_for_at_least_ten_students_together():
    cells, total = protect_row({"a": 2, "b": 3, "c": 11, "d": 30}, total=46)
    # 2 + 3 = 5 would tell a reader that a and b are both tiny; c joins them.
    assert [k for k, f in cells.items() if f.hidden] == ["a", "b", "c"]
    assert total.value == 46


def test_total_hidden_when_the_cells_cannot_protect_each_other():
    cells, total = protect_row({"a": 4, "b": 12}, total=16)
    assert cells["a"].hidden and cells["b"].hidden and not total.hidden
    cells, total = protect_row({"a": 4}, total=14)
    assert cells["a"].hidden and total.hidden
    cells, total = protect_row({"a": 4, "b": 3}, total=7)
    assert total.hidden  # a total under ten is itself too small


def test_rows_without_a_small_cell_or_without_a_total_are_left_alone():
    cells, total = protect_row({"a": 10, "b": 20}, total=30)
    assert not any(f.hidden for f in cells.values()) and total.value == 30
    cells, total = protect_row({"a": 3, "b": 20})
    assert cells["a"].hidden and not cells["b"].hidden and total is None


def test_groups_beside_a_pooled_total_hide_a_second_group_for_a_small_one():
    from trellis.common.small_numbers import protect_groups

    rule = protect_groups({"a": 12, "b": 25, "c": 4})
    # c is small; alone it would be total − a − b, so the smallest other (a) goes with it.
    assert rule.hidden == {"a", "c"} and not rule.total_hidden
    assert rule.is_hidden("c") and not rule.is_hidden("b")


def test_groups_all_large_show_everything_and_two_small_ones_may_cover_each_other():
    from trellis.common.small_numbers import protect_groups

    assert protect_groups({"a": 12, "b": 30}).hidden == frozenset()
    rule = protect_groups({"a": 6, "b": 5, "c": 30})
    assert rule.hidden == {"a", "b"} and not rule.total_hidden  # 6 + 5 ≥ 10 between them


def test_one_small_group_alone_hides_the_pooled_figures():
    from trellis.common.small_numbers import protect_groups

    rule = protect_groups({"a": 4})
    assert rule.hidden == {"a"} and rule.total_hidden
    rule = protect_groups({"a": 4, "b": 3})  # 7 students in all: nothing can be shown
    assert rule.hidden == {"a", "b"} and rule.total_hidden
