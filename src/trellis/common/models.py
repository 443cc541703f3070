"""Shared model pieces: every table records when its rows were made and last changed."""

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ImmutableError(RuntimeError):
    """Someone tried to change a row that is written once (convention 6 of the design)."""


class WriteOnceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError(f"{self.model.__name__} rows are written once; make a new one.")


class WriteOnce(models.Model):
    """A row inserted once and never changed in place: rubric versions, submitted revisions,
    question versions, scores. A change is a new row. Deleting stays possible where a parent's
    deletion must cascade; the evidence log also forbids that."""

    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A guard, not a side effect.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableError(f"{type(self).__name__} rows are written once; make a new one.")
        super().save(*args, **kwargs)


class JobRun(models.Model):
    """One logical run of a background job, whatever backend carries it (database or RQ).

    A job's task result belongs to the backend; this row is ours: how far the job got (for a
    progress bar and for resuming), how many attempts it took, and a heartbeat the worker
    touches so that a run whose worker died can be found and run again. The `key` names the
    work (a job with the same key is not queued twice while one is pending)."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    key = models.CharField(max_length=200, db_index=True)
    task_path = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The backend's id of the latest task result carrying this run.
    result_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=3)
    total = models.PositiveIntegerField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    # What a resumed attempt may skip (the job decides what to keep, e.g. finished class ids).
    checkpoint = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"{self.task_path} [{self.key}] {self.status}"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
