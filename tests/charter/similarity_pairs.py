"""A labelled set of contribution pairs: would a teacher put these two in one group?

Written by hand for Trellis, in the voice of teams writing their class summary. True means
"the same idea". Run `.venv/bin/python -m tests.charter.similarity_pairs` to print precision
and recall of the grouper's "same group" decisions (the figures quoted in docs/charter.md).
"""

from trellis.charter.similarity import THRESHOLD, similarity

PAIRS: list[tuple[str, str, bool]] = [
    # The same idea, different words.
    ("we don't judge each other", "no judging", True),
    ("No judging!", "We do not judge others", True),
    ("nobody laughs at mistakes", "no laughing at mistakes", True),
    ("don't make fun of people's mistakes", "no laughing at other people's errors", True),
    ("mistakes are ok", "it's OK to make mistakes", True),
    ("mistakes help us learn", "we learn from our mistakes", True),
    ("we can redo our work", "chances to revise our work", True),
    ("we get to retake quizzes", "retakes on quizzes", True),
    ("feedback helps us improve", "feedback is a way to get better", True),
    ("the teacher gives us feedback", "feedback from the teacher", True),
    ("clear learning targets", "we know our learning goals", True),
    ("we know what the learning targets are", "learning targets are clear", True),
    ("examples of good work", "show us examples of quality work", True),
    ("see samples of good work", "examples of good work", True),
    ("everyone learns at their own pace", "we all learn at different rates", True),
    ("we help each other", "helping our classmates", True),
    ("we listen to each other", "listening to others", True),
    ("respect everyone", "be respectful to everyone", True),
    ("ask questions when stuck", "asking questions when we are stuck", True),
    ("practice every day", "practise daily", True),
    ("frequent check-ins on our learning", "check ins to see how we are learning", True),
    ("we practise hard skills again and again", "practicing difficult skills over and over", True),
    ("teacher explains things clearly", "the teacher explains clearly", True),
    ("a safe place to make mistakes", "safe to make mistakes", True),
    ("use rubrics to improve our work", "rubrics to help improve work", True),
    ("no phones", "no phones during lessons", True),
    ("we give kind feedback", "giving each other kind feedback", True),
    # Different ideas that share words.
    ("we judge each other", "no judging", False),
    ("we don't judge each other", "we judge each other's work with a rubric", False),
    ("feedback helps us improve", "homework helps us practise", False),
    ("clear learning targets", "clear instructions for homework", False),
    ("respect everyone", "everyone participates", False),
    ("examples of good work", "we turn in our work on time", False),
    ("the teacher checks we understand", "the teacher marks homework fast", False),
    ("use rubrics to improve our work", "use homework to practise new skills", False),
    ("we help each other", "we ask the teacher for help", False),
    ("we listen to each other", "we talk in our teams", False),
    ("no phones", "no judging", False),
    ("mistakes are ok", "homework is ok", False),
    ("retakes on quizzes", "quizzes every week", False),
    ("a safe place to make mistakes", "a quiet place to work", False),
    ("we celebrate our strengths", "we work on our weaknesses", False),
    ("value student input", "students value feedback", False),
    ("we share responsibility for our learning", "share our work with the class", False),
    ("teacher explains things clearly", "learning targets are clear", False),
    ("group work", "work alone quietly", False),
    ("be on time", "take your time", False),
    ("we never give up", "we give feedback", False),
    ("fun lessons", "no making fun of others", False),
    ("practice tests before the exam", "exam results posted online", False),
]


def evaluate(threshold: float = THRESHOLD) -> dict:
    tp = fp = fn = tn = 0
    wrong = []
    for a, b, same in PAIRS:
        said = similarity(a, b) >= threshold
        if said and same:
            tp += 1
        elif said and not same:
            fp += 1
            wrong.append(("grouped but different", a, b, similarity(a, b)))
        elif same:
            fn += 1
            wrong.append(("missed", a, b, similarity(a, b)))
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pairs": len(PAIRS),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "wrong": wrong,
    }


if __name__ == "__main__":
    r = evaluate()
    print(f"threshold {THRESHOLD}: {r['pairs']} labelled pairs")
    print(f"tp={r['tp']} fp={r['fp']} fn={r['fn']} tn={r['tn']}")
    print(f"precision {r['precision']:.2f}  recall {r['recall']:.2f}")
    for kind, a, b, s in r["wrong"]:
        print(f"  {kind}: {a!r} / {b!r} ({s:.2f})")
