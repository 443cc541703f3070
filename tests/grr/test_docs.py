"""The Python examples in docs/engine.md run as written."""

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "engine.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_doc_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_doc_example_runs(index, capsys):
    exec(compile(BLOCKS[index], f"{DOC}:block{index}", "exec"), {})


def test_the_advance_example_prints_the_reason_shown_in_the_doc(capsys):
    block = next(b for b in BLOCKS if "recommend(" in b)
    exec(compile(block, str(DOC), "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("4 of the last 5 check-in answers right, mastery 1.00,")
    assert printed[0].endswith("no help requests since Tuesday → ready for independent practice")
    assert printed[1] == "['hold in guided practice: 1', 'ready for independent practice: 1']"
