"""Key figures get a theme and a choice of headline figures for their page."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corridor", "0017_chinese_trigram_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalindicator",
            name="is_headline",
            field=models.BooleanField(
                blank=True,
                help_text="Yes: a tile at the top of its city's page (or of About, for the whole corridor). No or unknown: in the table of its other figures. A figure given for two or more years is drawn as a chart either way.",
                null=True,
                verbose_name="show among the headline figures of its page",
            ),
        ),
        migrations.AddField(
            model_name="historicalindicator",
            name="theme",
            field=models.CharField(
                blank=True,
                choices=[
                    ("economy", "Economy"),
                    ("innovation", "Innovation"),
                    ("talent", "People and talent"),
                    ("land", "Land and environment"),
                    ("cooperation", "Cooperation"),
                    ("history", "History"),
                ],
                help_text="Pages group their figures by theme. History figures are shown with the timeline, never among the headline figures.",
                max_length=20,
                verbose_name="theme",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="is_headline",
            field=models.BooleanField(
                blank=True,
                help_text="Yes: a tile at the top of its city's page (or of About, for the whole corridor). No or unknown: in the table of its other figures. A figure given for two or more years is drawn as a chart either way.",
                null=True,
                verbose_name="show among the headline figures of its page",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="theme",
            field=models.CharField(
                blank=True,
                choices=[
                    ("economy", "Economy"),
                    ("innovation", "Innovation"),
                    ("talent", "People and talent"),
                    ("land", "Land and environment"),
                    ("cooperation", "Cooperation"),
                    ("history", "History"),
                ],
                help_text="Pages group their figures by theme. History figures are shown with the timeline, never among the headline figures.",
                max_length=20,
                verbose_name="theme",
            ),
        ),
    ]
