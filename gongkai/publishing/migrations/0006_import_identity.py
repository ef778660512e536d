"""The import identity becomes unique (decision 0110): per 公开主体, one imported document per normalised
content and per import key.

Refuses, with the list, when the database already holds doubled imports (the concurrent-import bug of
issue 11): which copy to keep is a publishing decision with an audit trail, so it is made by
`manage.py dedupe_imported_documents` (keeps the earliest, withdraws the others), not silently here.
"""

from django.db import migrations, models
from django.db.models import Count


def refuse_duplicates(apps, schema_editor):
    Document = apps.get_model("publishing", "Document")
    imported = Document.objects.exclude(import_key="")
    groups = []
    for field in ("content_hash", "import_key"):
        doubled = (imported.values("organisation_id", field).annotate(n=Count("pk")).filter(n__gt=1)
                   .order_by("organisation_id", field))
        groups += [f"{field}={row[field][:16]}… ×{row['n']}" for row in doubled[:10]]
    if groups:
        raise RuntimeError(
            "数据库中已有重复导入的文件，无法建立导入唯一约束。请先运行 "
            "`python manage.py dedupe_imported_documents`（保留最早的一份，撤回其余并记入审计日志），"
            "再运行 migrate。重复示例：" + "；".join(groups))


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0005_search_index_entry'),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('import_key__gt', ''), ('organisation__isnull', False)), fields=('organisation', 'content_hash'), name='uniq_import_hash'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('import_key__gt', ''), ('organisation__isnull', True)), fields=('content_hash',), name='uniq_import_hash_no_org'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('import_key__gt', ''), ('organisation__isnull', False)), fields=('organisation', 'import_key'), name='uniq_import_key'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('import_key__gt', ''), ('organisation__isnull', True)), fields=('import_key',), name='uniq_import_key_no_org'),
        ),
    ]
