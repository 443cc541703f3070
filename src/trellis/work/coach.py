"""The feedback coach: plain rules that notice a comment that will not help yet.

It never blocks: it names what is missing and the writer may still send. The rules, their
wording and their measured precision and recall are in docs/feedback.md; the labelled
examples live in tests/work/data/feedback_examples.csv.

Signals of a specific comment (each kind counts once):
- **criterion**: uses a content word of the criterion (its title, description or target);
- **quote**: quotes the work (a quoted passage, or words in quotation marks);
- **place**: points at a place ("paragraph 2", "step 3", "the graph", "your intro");
- **action**: names something to keep or change ("add", "explain", "keep", "move" …);
- **reason**: says why ("because", "so that", "which makes" …).

Flags (any one means "needs work"):
- **too-short**: fewer than 6 words;
- **generic**: no specific signal at all, or stock praise / criticism ("good job", "this is
  bad") with fewer than two kinds of signal;
- **personal**: judges the person ("you are lazy", "you're so smart") with fewer than two
  kinds of signal about the work.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

MIN_WORDS = 6

_WORD = re.compile(r"[a-z']+")
STOPWORDS = set(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "like",
        "make",
        "makes",
        "me",
        "more",
        "most",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "out",
        "so",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "up",
        "use",
        "used",
        "using",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "work",
        "clearly",
        "well",
        "good",
        "can",
        "i",
    ]
)
GENERIC = re.compile(
    r"\b(good|great|nice|awesome|amazing|cool|perfect|excellent|fantastic|wonderful|"
    r"bad|terrible|awful|boring|wrong|weak|messy|confusing|sloppy|fine|ok|okay|"
    r"good job|great job|well done|nice work|great work|love it|needs work|"
    r"needs improvement|try harder|do better|fix it|redo it|not good)\b"
)
PERSONAL = re.compile(
    r"\b(you(?:'re| are| r)\s+(?:so\s+|really\s+|very\s+|such\s+an?\s+|an?\s+|just\s+|"
    r"clearly\s+|obviously\s+|always\s+)?"
    r"(?:lazy|smart|stupid|dumb|genius|clever|careless|bad|terrible|brilliant|gifted|"
    r"natural|slow|talented|hopeless|useless|annoying|the best|the worst|not trying|"
    r"not a|a natural|a genius|born)"
    r"|you (?:always|never) |you don't care|you didn't even try|you do not care|"
    r"typical of you|as usual you|people like you|you should be ashamed|you never listen)"
)
QUOTE = re.compile(r"[\"“”‘’«»]|(?:^|\s)'[^']{3,}'")
PLACE = re.compile(
    r"\b(paragraph|sentence|line|step|question|part|section|page|slide|graph|table|"
    r"diagram|chart|axis|axes|title|heading|intro|introduction|conclusion|opening|ending|"
    r"first|second|third|last|final|thesis|equation|answer|example|quote|quotation|"
    r"calculation|units?|label|legend|source|citation|bibliography|hook|topic sentence)\b"
)
ACTION = re.compile(
    r"\b(add|adding|remove|removing|cut|change|changing|move|moving|explain|explaining|show|"
    r"showing|include|including|try|replace|check|define|label|keep|keeping|rewrite|expand|"
    r"split|combine|clarify|give|cite|describe|swap|shorten|lengthen|reorder|connect|"
    r"link|state|name|compare|justify|support|round|simplify|fix|correct|underline|start|"
    r"end|finish|double-check|consider|could|should|might|instead|next time)\b"
)
REASON = re.compile(
    r"\b(because|since|so that|so the|so it|so your|so a|which makes|which means|that way|"
    r"otherwise|this helps|it helps|this shows|helps the reader|makes it|in order to|"
    r"the reason|that means|this means|this made|made me)\b"
)

PROMPTS = {
    "too-short": gettext_lazy("This is very short. Name one thing to keep or change, and say why."),
    "generic": (
        gettext_lazy(
            "This could be said about any work. Point to something in this piece "
            "(quote it or name the place), tie it to the criterion, and say what "
            "to keep or change and why."
        )
    ),
    "personal": (
        gettext_lazy(
            "This is about the person, not the work. Describe what the work does "
            "or needs, so they can act on it."
        )
    ),
}


@dataclass
class Advice:
    flags: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)

    @property
    def needs_work(self) -> bool:
        return bool(self.flags)

    @property
    def prompts(self) -> list[str]:
        return [str(PROMPTS[f]) for f in self.flags]


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if len(w) > 3 and w not in STOPWORDS}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def check(comment: str, *, criterion_text: str = "", quote: str = "") -> Advice:
    """Advice about one comment. `criterion_text` is the criterion (and its target) it is on."""
    text = " ".join((comment or "").split())
    lower = text.lower()
    words = _WORD.findall(lower)
    advice = Advice()
    criterion_stems = {_stem(w) for w in _content_words(criterion_text)}
    if criterion_stems & {_stem(w) for w in _content_words(lower)}:
        advice.signals.append("criterion")
    if quote.strip() or QUOTE.search(text):
        advice.signals.append("quote")
    if PLACE.search(lower):
        advice.signals.append("place")
    if ACTION.search(lower):
        advice.signals.append("action")
    if REASON.search(lower):
        advice.signals.append("reason")
    strength = len(advice.signals)

    if len(words) < MIN_WORDS:
        advice.flags.append("too-short")
    if PERSONAL.search(lower) and strength < 2:
        advice.flags.append("personal")
    elif strength == 0 or (GENERIC.search(lower) and strength < 2):
        advice.flags.append("generic")
    return advice
