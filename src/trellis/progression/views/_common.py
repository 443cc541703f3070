"""Helpers shared by the release's pages."""

from django.utils.text import Truncator

from trellis.progression.queries.display import label

POLL_SECONDS = 3


def step_sentence(live) -> str:
    """The step on show as a screen reader hears it: "Step 4 of 6: <the step>."."""
    if not live.step:
        return ""
    text = Truncator(" ".join(live.step.text.split())).chars(160)
    ask = " What comes next?" if live.co_construction else ""
    return f"Step {live.index + 1} of {len(live.steps)}: {text.rstrip('.')}.{ask}"


def live_news(before_state: str, before_seen: str, st) -> str:
    """What changed on a student's live region since their page last showed it, said in the
    page's live region: a phase move, the projector's mode, a new step. Empty when nothing a
    person would wait for changed (e.g. only their own "I'm lost" mark)."""
    said = []
    old_phase, _, old_mode = (before_state or "").partition("-")
    phase = st.phase["value"]
    if old_phase != str(phase):
        name = label(phase).split(" (")[0].lower()
        said.append("This task is complete." if name == "complete" else f"You are now in {name}.")
    elif old_mode != (st.live.run.mode if st.live.run else "none"):
        said.append(
            "Your teacher asks the class what comes next."
            if st.live.co_construction
            else "Your teacher is showing the steps."
        )
    old_step = (before_seen or "").rsplit("-", 1)[0]
    new_step = st.seen.rsplit("-", 1)[0]
    if phase <= 1 and st.live.step and (said or old_step != new_step):
        said.append(step_sentence(st.live))
    return " ".join(said)
