"""Helpers shared by the release's pages."""

from django.utils.text import Truncator
from django.utils.translation import gettext

from trellis.grr import Phase
from trellis.progression.queries.display import label


def step_sentence(live) -> str:
    """The step on show as a screen reader hears it: "Step 4 of 6: <the step>."."""
    if not live.step:
        return ""
    text = Truncator(" ".join(live.step.text.split())).chars(160)
    sentence = gettext("Step %(n)s of %(count)s: %(text)s.") % {
        "n": live.index + 1,
        "count": len(live.steps),
        "text": text.rstrip("."),
    }
    return sentence + (" " + gettext("What comes next?") if live.co_construction else "")


def live_news(before_state: str, before_seen: str, st) -> str:
    """What changed on a student's live region since their page last showed it, said in the
    page's live region: a phase move, the projector's mode, a new step. Empty when nothing a
    person would wait for changed (e.g. only their own "I'm lost" mark)."""
    said = []
    old_phase, _, old_mode = (before_state or "").partition("-")
    phase = st.phase["value"]
    if old_phase != str(phase):
        if phase == Phase.COMPLETE:
            said.append(gettext("This task is complete."))
        else:
            name = label(phase).split(" (")[0].lower()
            said.append(gettext("You are now in %(phase)s.") % {"phase": name})
    elif old_mode != (st.live.run.mode if st.live.run else "none"):
        said.append(
            gettext("Your teacher asks the class what comes next.")
            if st.live.co_construction
            else gettext("Your teacher is showing the steps.")
        )
    old_step = (before_seen or "").rsplit("-", 1)[0]
    new_step = st.seen.rsplit("-", 1)[0]
    if phase <= 1 and st.live.step and (said or old_step != new_step):
        said.append(step_sentence(st.live))
    return " ".join(said)
