"""`trellis readiness refit`: fit the engine's numbers from each school's evidence history."""

from django.core.management.base import BaseCommand, CommandError

from trellis.accounts.models import School
from trellis.common import jobs
from trellis.progression.fitting import refit, refit_job


class Command(BaseCommand):
    help = (
        "Fit the release engine's numbers for every learning target from the school's whole "
        "evidence history and store them as a new version (the board uses the latest). Run "
        "it nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", dest="school_id", type=int, help="Only this school (id).")
        parser.add_argument("--restarts", type=int, default=3, help="EM restarts (default 3).")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue one background job per school (run by `trellis worker`) instead.",
        )

    def handle(self, school_id=None, restarts=3, seed=0, enqueue=False, **options):
        schools = School.objects.order_by("pk")
        if school_id is not None:
            schools = schools.filter(pk=school_id)
            if not schools.exists():
                raise CommandError(
                    f"No school with id {school_id}. Leave out --school to refit every school."
                )
        for school in schools:
            if enqueue:
                run = jobs.enqueue(
                    refit_job, school.pk, restarts, seed, key=f"readiness-refit:{school.pk}"
                )
                self.stdout.write(f"{school.name}: refit queued (job {run.pk}).")
                continue
            fit = refit(school, restarts=restarts, seed=seed)
            self.stdout.write(
                f"{school.name}: version {fit.version}, {fit.n_targets} target(s) from "
                f"{fit.n_students} student(s) and {fit.n_opportunities} opportunities "
                f"in {fit.seconds:.1f} s."
            )
