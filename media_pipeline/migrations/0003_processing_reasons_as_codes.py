"""Reasons stored as a code with parameters, put into words when read.

`rejection_code` becomes `processing_code` (failures have codes too); the stored sentence
becomes `processing_detail`. A row stored before codes existed keeps its sentence readable:
a failure without a code gets the code "recorded", which shows its words as written.
"""

from django.db import migrations, models

import media_pipeline.anonymise


def keep_old_sentences(apps, schema_editor):
    Media = apps.get_model("media_pipeline", "Media")
    for media in Media.objects.filter(processing_code="").exclude(processing_detail=""):
        media.processing_code = "recorded"
        media.processing_params = {"text": media.processing_detail}
        media.save(update_fields=["processing_code", "processing_params"])


def restore_sentences(apps, schema_editor):
    Media = apps.get_model("media_pipeline", "Media")
    Media.objects.filter(processing_code="recorded").update(processing_code="")


class Migration(migrations.Migration):

    dependencies = [
        ("media_pipeline", "0002_renditions_and_processing"),
    ]

    operations = [
        migrations.RenameField("media", "rejection_code", "processing_code"),
        migrations.RenameField("media", "processing_message", "processing_detail"),
        migrations.AlterField(
            model_name="media",
            name="processing_detail",
            field=models.TextField(blank=True, editable=False, verbose_name="technical detail"),
        ),
        migrations.AddField(
            model_name="media",
            name="processing_params",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AlterField(
            model_name="media",
            name="redactions",
            field=models.JSONField(
                blank=True, default=list,
                help_text='Ranges to silence or bleep, in seconds: [{"start": 12.5, "end": 15, '
                          '"mode": "mute"}] (mode: mute or bleep).',
                validators=[media_pipeline.anonymise.validate_redactions],
                verbose_name="redacted time ranges",
            ),
        ),
        migrations.RunPython(keep_old_sentences, restore_sentences),
    ]
