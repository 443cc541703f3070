"""Grouping short contributions that say the same thing: pure Python, no Django.

Teams write "no judging", another writes "we don't judge each other"; the class summary should
show one idea with two voices. The steps (documented with their measured precision and recall
in docs/charter.md):

1. **Normalise**: lower case, strip accents, straighten quotes, expand contractions
   ("don't" → "do not", "won't" → "will not").
2. **Tokenise and drop stop words** ("we", "the", "each", "other", "will" …), but keep
   **negations** as a mark on the next content word: "no judging" and "don't judge" both
   become ``~judg``, while "we judge" stays ``judg``.
3. **Lemmatise, then stem**: a small table maps irregular and near-synonym words onto one
   form ("mistakes", "errors" → "mistake"; "kids", "classmates" → "peer"), then a light
   suffix-stripper removes -ing, -ed, -s, -ly, -ful, -ment… ("judging", "judgement" → "judg").
4. **Score** a pair with two measures on those tokens: the Dice overlap of the token sets,
   lifted towards the overlap coefficient when one text is a short version of the other, and
   the Dice overlap of character trigrams (which forgives spelling slips and stems the
   stripper misses). The score is the larger of the token score and a blend of both.
5. **Negation conflict**: when one text says ``~x`` and the other says ``x`` for the same
   stem, the two say opposite things, and the score is cut to a quarter.
6. **Threshold**: pairs scoring at least ``THRESHOLD`` are "the same idea". Groups are formed
   greedily, single link: a new text joins the group holding its best-matching text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 0.55
NEGATION_MARK = "~"

CONTRACTIONS = [
    (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"),
    (r"n't\b", " not"),
    (r"'re\b", " are"),
    (r"'ll\b", " will"),
    (r"'ve\b", " have"),
    (r"'m\b", " am"),
    (r"'d\b", " would"),
    (r"'s\b", ""),
    (r"s'(?=\s|$)", "s"),
]

NEGATIONS = frozenset({"no", "not", "never", "none", "nobody", "nothing", "without", "stop"})

STOP_WORDS = frozenset(
    """
    a an the and or but so if then than that this these those there here it its of to in on
    at by for from with as into about over under up down out off again once very too just
    also we us our ours ourselves you your yours i me my mine he she him her his hers they
    them their theirs one ones each other everyone everybody someone somebody anyone all
    any some every both either neither is are was were be been being am do does did doing
    done have has had having will would shall should can could may might must let lets get
    gets got getting make makes made making what which who whom whose when where why how
    more most much many lot lots really always often sometimes class classroom here
    together
    """.split()  # noqa: SIM905 - a word list reads better as prose
)

# Irregular forms and near-synonyms a classroom uses for the same idea, mapped to one lemma.
LEMMAS = {
    "children": "peer",
    "child": "peer",
    "kids": "peer",
    "kid": "peer",
    "classmate": "peer",
    "classmates": "peer",
    "students": "peer",
    "student": "peer",
    "friends": "peer",
    "people": "peer",
    "others": "peer",
    "daily": "day",
    "okay": "ok",
    "person": "peer",
    "errors": "mistake",
    "error": "mistake",
    "mistakes": "mistake",
    "wrong": "mistake",
    "better": "improve",
    "improvement": "improve",
    "improving": "improve",
    "improved": "improve",
    "grow": "improve",
    "growth": "improve",
    "judgement": "judge",
    "judgment": "judge",
    "judgemental": "judge",
    "judgmental": "judge",
    "judging": "judge",
    "laughing": "laugh",
    "mock": "laugh",
    "mocking": "laugh",
    "tease": "laugh",
    "teasing": "laugh",
    "fun": "laugh",
    "redo": "revise",
    "redoing": "revise",
    "resubmit": "revise",
    "retry": "revise",
    "retake": "revise",
    "rewrite": "revise",
    "fix": "revise",
    "correct": "revise",
    "comments": "feedback",
    "comment": "feedback",
    "advice": "feedback",
    "tips": "feedback",
    "goals": "target",
    "goal": "target",
    "targets": "target",
    "aims": "target",
    "objectives": "target",
    "objective": "target",
    "examples": "example",
    "samples": "example",
    "sample": "example",
    "models": "example",
    "model": "example",
    "exemplars": "example",
    "exemplar": "example",
    "quizzes": "check",
    "quiz": "check",
    "checkins": "check",
    "checkin": "check",
    "understand": "know",
    "understanding": "know",
    "knowing": "know",
    "clear": "know",
    "assist": "help",
    "support": "help",
    "supporting": "help",
    "supported": "help",
    "helpful": "help",
    "listen": "listen",
    "listening": "listen",
    "hear": "listen",
    "respect": "respect",
    "respectful": "respect",
    "kind": "respect",
    "kindness": "respect",
    "safe": "safe",
    "safety": "safe",
    "tries": "try",
    "tried": "try",
    "trying": "try",
    "attempt": "try",
    "practise": "practice",
    "practising": "practice",
    "practicing": "practice",
    "rates": "pace",
    "rate": "pace",
    "speeds": "pace",
    "speed": "pace",
    "paces": "pace",
    "ask": "question",
    "asking": "question",
    "questions": "question",
}

SUFFIXES = (
    "ements",
    "ement",
    "ments",
    "ment",
    "ations",
    "ation",
    "ness",
    "ingly",
    "ings",
    "ing",
    "fully",
    "ful",
    "edly",
    "ied",
    "ies",
    "ed",
    "ly",
    "es",
    "er",
    "s",
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    text = _strip_accents(text or "").lower()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"check[\s-]+ins?\b", "checkin", text)
    # "Each other" is who a class does things with: one word, so it can be compared.
    text = re.sub(r"\b(each other|one another)\b", "peer", text)
    for pattern, replacement in CONTRACTIONS:
        text = re.sub(pattern, replacement, text)
    return text


def stem(word: str) -> str:
    """A light suffix-stripper: enough to meet "judging" and "judge" at "judg"."""
    lemma = LEMMAS.get(word) or (word.endswith("s") and LEMMAS.get(word[:-1]))
    word = lemma or word
    if len(word) <= 4:
        return word.rstrip("e") if len(word) > 3 else word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "stopp" (from stopping) → "stop"
    return word.rstrip("e") if len(word) > 3 else word


def tokens(text: str) -> list[str]:
    """Content tokens: stemmed, stop words dropped, a negation marking the next content word."""
    out: list[str] = []
    negate = False
    for raw in re.findall(r"[a-z0-9]+", normalise(text)):
        if raw in NEGATIONS:
            negate = True
            continue
        if raw in STOP_WORDS:
            continue
        word = stem(raw)
        out.append(NEGATION_MARK + word if negate else word)
        negate = False
    return out


def _trigrams(toks: Iterable[str]) -> set[str]:
    grams: set[str] = set()
    for t in toks:
        padded = f" {t} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def _dice(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(frozen=True)
class Prepared:
    """A text ready for comparison (prepare once, compare many times)."""

    text: str
    tokens: frozenset[str]
    trigrams: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Prepared:
        toks = tokens(text)
        return cls(text=text, tokens=frozenset(toks), trigrams=frozenset(_trigrams(toks)))


def _opposed(a: frozenset[str], b: frozenset[str]) -> bool:
    neg_a = {t[1:] for t in a if t.startswith(NEGATION_MARK)}
    neg_b = {t[1:] for t in b if t.startswith(NEGATION_MARK)}
    return bool((neg_a & (b - neg_b)) or (neg_b & (a - neg_a)))


def similarity(a: str | Prepared, b: str | Prepared) -> float:
    """How alike two short texts are, from 0 (nothing shared) to 1 (the same idea)."""
    pa = a if isinstance(a, Prepared) else Prepared.of(a)
    pb = b if isinstance(b, Prepared) else Prepared.of(b)
    if not pa.tokens or not pb.tokens:
        # Texts made only of stop words compare on their normalised spelling.
        return 1.0 if normalise(pa.text).strip() == normalise(pb.text).strip() else 0.0
    shared = len(pa.tokens & pb.tokens)
    dice = _dice(pa.tokens, pb.tokens)
    overlap = shared / min(len(pa.tokens), len(pb.tokens))
    # A short text wholly inside a longer one ("no judging" in "a safe class with no judging")
    # is the same idea; the overlap coefficient says so, but only once two words or a whole
    # one-word text are shared, so one common word does not glue long texts together.
    if shared >= 2 or min(len(pa.tokens), len(pb.tokens)) == 1:
        token_score = (dice + overlap) / 2
    else:
        token_score = dice
    char_score = _dice(pa.trigrams, pb.trigrams)
    score = max(token_score, 0.5 * dice + 0.5 * char_score)
    if _opposed(pa.tokens, pb.tokens):
        score *= 0.25
    return round(min(score, 1.0), 4)


def same_idea(a: str, b: str, threshold: float = THRESHOLD) -> bool:
    return similarity(a, b) >= threshold


def best_group(
    text: str | Prepared, groups: Sequence[Sequence[str | Prepared]], threshold: float = THRESHOLD
) -> int | None:
    """The index of the group whose closest member is most like `text`, if close enough."""
    p = text if isinstance(text, Prepared) else Prepared.of(text)
    best, best_score = None, threshold
    for i, members in enumerate(groups):
        for m in members:
            s = similarity(p, m)
            if s >= best_score and (best is None or s > best_score):
                best, best_score = i, s
    return best


def group_texts(texts: Sequence[str], threshold: float = THRESHOLD) -> list[list[int]]:
    """Greedy single-link grouping: lists of indexes into `texts`, in order of first mention."""
    prepared = [Prepared.of(t) for t in texts]
    groups: list[list[int]] = []
    members: list[list[Prepared]] = []
    for i, p in enumerate(prepared):
        g = best_group(p, members, threshold)
        if g is None:
            groups.append([i])
            members.append([p])
        else:
            groups[g].append(i)
            members[g].append(p)
    return groups
