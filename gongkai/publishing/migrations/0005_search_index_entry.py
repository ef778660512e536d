"""What the search index holds, as its jobs recorded it (publishing.models.SearchIndexEntry)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0004_unicode_json'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchIndexEntry',
            fields=[
                ('document_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('version', models.DateTimeField()),
            ],
            options={
                'verbose_name': '检索索引记录',
                'verbose_name_plural': '检索索引记录',
            },
        ),
    ]
