"""The 26 national pilot domains of 2017 (国办发〔2017〕42号), the catalogue's first 领域."""

from django.db import migrations

# A copy, not an import: a migration must not change when rules.py does.
PILOT_DOMAINS = (
    "城乡规划", "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿", "国有土地上房屋征收与补偿",
    "农村危房改造", "环境保护", "公共文化服务", "扶贫", "救灾", "食品药品监管", "城市综合执法", "就业", "社会救助", "养老服务",
    "户籍管理", "涉农补贴", "义务教育", "卫生健康", "市政服务", "公共法律服务", "社会保险", "保障性住房",
)


def add(apps, schema_editor):
    Domain = apps.get_model("catalog", "Domain")
    for order, name in enumerate(PILOT_DOMAINS, start=1):
        Domain.objects.get_or_create(name=name, defaults={"pilot": True, "order": order})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
