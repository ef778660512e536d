"""Alerts are claimed by a unique constraint (decision 0455). Alert rows doubled by concurrent runs before
it existed are system notes, not steps of the case: the later copies go so the constraint can be added."""

from django.conf import settings
from django.db import migrations, models

ALERT_KINDS = ["alert_due_soon", "alert_overdue"]


def drop_doubled_alerts(apps, schema_editor):
    ApplicationEvent = apps.get_model("applications", "ApplicationEvent")
    seen = set()
    doubled = []
    rows = ApplicationEvent.objects.filter(kind__in=ALERT_KINDS).order_by("pk")
    for pk, application_id, kind, on_date in rows.values_list("pk", "application_id", "kind", "on_date"):
        key = (application_id, kind, on_date)
        if key in seen:
            doubled.append(pk)
        seen.add(key)
    ApplicationEvent.objects.filter(pk__in=doubled).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0006_merge_reports_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_doubled_alerts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='applicationevent',
            constraint=models.UniqueConstraint(condition=models.Q(('kind__in', ['alert_due_soon', 'alert_overdue'])), fields=('application', 'kind', 'on_date'), name='uniq_application_alert_per_day'),
        ),
    ]
