from tests.charter.similarity_pairs import PAIRS, evaluate
from trellis.charter.similarity import group_texts, same_idea, similarity, tokens


def test_the_labelled_set_is_big_enough_and_balanced():
    assert len(PAIRS) >= 40
    same = sum(1 for *_, s in PAIRS if s)
    assert 15 <= same <= len(PAIRS) - 15


def test_precision_and_recall_stay_above_their_floor():
    r = evaluate()
    print(f"precision {r['precision']:.2f} recall {r['recall']:.2f}")
    assert r["precision"] >= 0.85
    assert r["recall"] >= 0.85


def test_negation_joins_no_judging_and_keeps_opposites_apart():
    assert tokens("We don't judge each other") == ["~judg", "peer"]
    assert tokens("No judging!") == ["~judg"]
    assert same_idea("we don't judge each other", "no judging")
    assert not same_idea("we judge each other", "we don't judge each other")
    assert similarity("Mistakes are OK", "mistakes are okay") == 1.0


def test_texts_of_stop_words_only_compare_by_spelling():
    assert similarity("we will", "We will") == 1.0
    assert similarity("we will", "they did") == 0.0


def test_grouping_is_greedy_single_link_in_order_of_first_mention():
    texts = [
        "We don't judge each other",
        "Clear learning targets",
        "no judging",
        "we know our learning goals",
        "Homework to practise",
    ]
    assert group_texts(texts) == [[0, 2], [1, 3], [4]]
