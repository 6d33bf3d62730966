"""Where each record's facts come from and when they were last checked (``models.Sourced``).

Adding a column rebuilds each SQLite table, which drops the FTS5 triggers of 0015 and 0017:
they are made again here for the searched tables this migration alters.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

import corridor.validators

search_index = import_module("corridor.migrations.0015_search_index")
trigram_index = import_module("corridor.migrations.0017_chinese_trigram_index")

REBUILT = ("Park", "Enclave", "Enterprise", "Fund")


def add_sqlite_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in REBUILT:
        table = apps.get_model("corridor", name)._meta.db_table
        statements = (
            *search_index.sqlite_index(table),
            *trigram_index.sqlite_trigram_index(table),
        )
        for statement in statements:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('corridor', '0018_indicator_theme_and_headline'),
    ]

    operations = [
        migrations.AddField(
            model_name='enclave',
            name='source',
            field=models.ForeignKey(blank=True, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='enclave',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='enclave',
            name='source_name',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='enclave',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='enclave',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='enclave',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='enclave',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='source',
            field=models.ForeignKey(blank=True, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='source_name',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='enterprise',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='fund',
            name='source',
            field=models.ForeignKey(blank=True, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='fund',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='fund',
            name='source_name',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='fund',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='fund',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='fund',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='fund',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='fundinvestment',
            name='source',
            field=models.ForeignKey(blank=True, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='fundinvestment',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='fundinvestment',
            name='source_name',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='fundinvestment',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='fundinvestment',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='fundinvestment',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='fundinvestment',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='historicalenclave',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='historicalenclave',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='historicalenclave',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalenclave',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalenclave',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='historicalenclave',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='historicalenterprise',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='historicalenterprise',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='historicalenterprise',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalenterprise',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalenterprise',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='historicalenterprise',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='historicalfund',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='historicalfund',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='historicalfund',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalfund',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalfund',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='historicalfund',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='historicalfundinvestment',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='historicalfundinvestment',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='historicalfundinvestment',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalfundinvestment',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalfundinvestment',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='historicalfundinvestment',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='historicalindicator',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='historicalpark',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='historicalpark',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='historicalpark',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalpark',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalpark',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='historicalpark',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='source_name',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='source_name',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AddField(
            model_name='park',
            name='source',
            field=models.ForeignKey(blank=True, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AddField(
            model_name='park',
            name='source_date',
            field=models.DateField(blank=True, null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='park',
            name='source_name',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='park',
            name='source_name_en',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='park',
            name='source_name_zh_hans',
            field=models.CharField(blank=True, help_text='The publication or document the facts come from, e.g. “Shanghai Daily”.', max_length=200, null=True, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='park',
            name='source_url',
            field=models.URLField(blank=True, max_length=500, verbose_name='source link'),
        ),
        migrations.AddField(
            model_name='park',
            name='verified_on',
            field=models.DateField(blank=True, help_text='The day an editor last checked these facts against the source.', null=True, validators=[corridor.validators.validate_not_future_date], verbose_name='last checked'),
        ),
        migrations.AlterField(
            model_name='historicalmilestone',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.AlterField(
            model_name='milestone',
            name='source',
            field=models.ForeignKey(blank=True, help_text='An article of this site that the facts come from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='corridor.newsitem', verbose_name='source article'),
        ),
        migrations.RunPython(add_sqlite_indexes, migrations.RunPython.noop),
    ]
