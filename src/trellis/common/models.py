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
