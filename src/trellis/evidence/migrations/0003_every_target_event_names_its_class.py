"""Every event about a target names its class (the board reads a class's evidence by class
only), and every class with evidence gets its high-water mark."""

from django.db import migrations
from django.db.models import Count, Max, OuterRef, Subquery


def forwards(apps, schema_editor):
    Event = apps.get_model("evidence", "EvidenceEvent")
    Target = apps.get_model("curriculum", "LearningTarget")
    Mark = apps.get_model("evidence", "ClassEvidenceMark")
    Event.objects.filter(classroom__isnull=True, target_id__isnull=False).update(
        classroom_id=Subquery(
            Target.objects.filter(pk=OuterRef("target_id")).values("classroom_id")[:1]
        )
    )
    marks = (
        Event.objects.filter(classroom__isnull=False)
        .values("classroom_id")
        .annotate(n=Count("id"), top=Max("id"))
        .order_by()
    )
    Mark.objects.bulk_create(
        [Mark(classroom_id=m["classroom_id"], version=m["n"], last_event_id=m["top"]) for m in marks],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_class_mark_and_class_time_index"),
        ("curriculum", "0002_task_releaseplan_taskstep"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
