from django.db import migrations


def create_roles(apps, schema_editor):
    from corridor.roles import sync_roles

    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from corridor.roles import ROLE_NAMES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_NAMES.values())).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("corridor", "0003_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
