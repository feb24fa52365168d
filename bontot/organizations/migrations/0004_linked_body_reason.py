"""A linked body "không áp dụng" needs its reason: fill the rows that lack one, then add the constraint."""

from django.db import migrations, models

FILLED = "Chưa ghi lý do (bổ sung khi nâng cấp dữ liệu)"


def fill_missing_reasons(apps, schema_editor):
    LinkedBody = apps.get_model("organizations", "LinkedBody")
    LinkedBody.objects.filter(level="not_applicable", reason="").update(reason=FILLED)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_tracked_protected"),
    ]

    operations = [
        migrations.RunPython(fill_missing_reasons, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="linkedbody",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("level", "not_applicable"), _negated=True),
                    models.Q(("reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="linked_body_not_applicable_reason",
                violation_error_message="Cần ghi lý do khi không áp dụng.",
            ),
        ),
    ]
