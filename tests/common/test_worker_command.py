"""`trellis worker` runs queued jobs from a real database, in its own process."""

import subprocess
from pathlib import Path

from tests.migrated import TRELLIS, command_env

ENQUEUE = """
from trellis.common import jobs
from tests.common import sample_jobs
run = jobs.enqueue(sample_jobs.make_schools, ["Oak", "Pine"], fail_on_first_attempt_after=1)
print("RUN", run.pk)
"""

CHECK = """
from trellis.common.models import JobRun
from trellis.accounts.models import School
# The worker also queues the recurring jobs that are due (the weekly digest): read ours.
run = JobRun.objects.get(task_path__endswith="make_schools")
made = School.objects.filter(name__in=["Oak", "Pine"]).count()
print("STATE", run.status, run.attempts, run.done, made)
"""


def test_worker_runs_retries_and_finishes_a_queued_job(migrated_data_dir):
    # PYTHONPATH: `tests.common.sample_jobs`.
    env = command_env(migrated_data_dir, PYTHONPATH=str(Path(__file__).resolve().parents[2]))

    def trellis(*args):
        out = subprocess.run(
            [str(TRELLIS), *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout

    assert "RUN" in trellis("shell", "-c", ENQUEUE)
    # The first attempt fails half-way and is queued again; --batch runs until nothing is ready.
    trellis("worker", "--batch", "-v", "0")
    assert "STATE done 2 2 2" in trellis("shell", "-c", CHECK)
