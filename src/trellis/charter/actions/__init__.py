"""Every write about the kickoff, the class summary, the charter and its pulses.

Split by sub-domain: kickoff (starting it, its prompts, team boards and nudges), summary
(contributions and the teacher's edits to the class summary), charter (the draft,
publishing, revising and endorsing) and pulses.
"""

from ._common import MOVES, clean_text
from .charter import (
    add_charter_item,
    draft_charter_from_summary,
    edit_charter_item,
    endorse_charter,
    item_stamp,
    latest_published,
    move_charter_item,
    publish_charter,
    remove_charter_item,
    start_revision,
)
from .kickoff import (
    DEFAULT_PROMPTS,
    KickoffExists,
    add_board_entry,
    add_prompt,
    edit_prompt,
    move_prompt,
    nudge_team,
    remove_prompt,
    start_kickoff,
)
from .pulses import (
    PULSE_DAYS_OPEN,
    answer_pulse,
    close_pulse,
    schedule_pulse,
    share_pulse,
)
from .summary import merge_items, move_item, reword_item, send_contribution, split_contribution

__all__ = [
    "DEFAULT_PROMPTS",
    "MOVES",
    "PULSE_DAYS_OPEN",
    "KickoffExists",
    "add_board_entry",
    "add_charter_item",
    "add_prompt",
    "answer_pulse",
    "clean_text",
    "close_pulse",
    "draft_charter_from_summary",
    "edit_charter_item",
    "edit_prompt",
    "endorse_charter",
    "item_stamp",
    "latest_published",
    "merge_items",
    "move_charter_item",
    "move_item",
    "move_prompt",
    "nudge_team",
    "publish_charter",
    "remove_charter_item",
    "remove_prompt",
    "reword_item",
    "schedule_pulse",
    "send_contribution",
    "share_pulse",
    "split_contribution",
    "start_kickoff",
    "start_revision",
]
