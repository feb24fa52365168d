"""A quality rating "không xếp loại" needs its reason: fill the rows that lack one, then add the constraint."""

from django.db import migrations, models

FILLED = "Chưa ghi lý do (bổ sung khi nâng cấp dữ liệu)"


def fill_missing_reasons(apps, schema_editor):
    QualityRating = apps.get_model("facts", "QualityRating")
    QualityRating.objects.filter(level="not_rated", reason="").update(reason=FILLED)


class Migration(migrations.Migration):
    dependencies = [
        ("facts", "0004_meeting_announce_score_sheet"),
    ]

    operations = [
        migrations.RunPython(fill_missing_reasons, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="qualityrating",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("level", "not_rated"), _negated=True),
                    models.Q(("reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="quality_rating_not_rated_reason",
                violation_error_message="Cần ghi lý do khi không xếp loại.",
            ),
        ),
    ]
