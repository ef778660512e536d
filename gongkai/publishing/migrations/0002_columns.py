from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.publishing.columns import ARTICLE_20, ARTICLE_21, FIRST_LEVEL, numeral

    Column = apps.get_model("publishing", "Column")
    parents = {}
    for order, (slug, name, basis) in enumerate(FIRST_LEVEL, start=1):
        parents[slug], _ = Column.objects.get_or_create(slug=slug, defaults={"name": name, "basis": basis, "order": order})
    statutory = parents["statutory"]
    for i, name in enumerate(ARTICLE_20, start=1):
        Column.objects.get_or_create(slug=f"art20-{i}", defaults={
            "name": name, "parent": statutory, "basis": f"条例第二十条第（{numeral(i)}）项", "order": 100 + i})
    for i, (levels, name) in enumerate(ARTICLE_21, start=1):
        Column.objects.get_or_create(slug=f"art21-{i}", defaults={
            "name": name, "parent": statutory, "basis": "条例第二十一条", "levels": levels, "order": 200 + i})


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
