"""A complaint records whether it is a mass or over-level case and the day it was resolved.

The former flag "mass or over-level, unresolved" becomes "mass or over-level" with no resolution date:
the same meaning on the day it was recorded.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("facts", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="complaint", old_name="mass_or_over_level_unresolved", new_name="mass_or_over_level"
        ),
        migrations.AlterField(
            model_name="complaint",
            name="mass_or_over_level",
            field=models.BooleanField(default=False, verbose_name="phức tạp, đông người hoặc vượt cấp"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="resolved_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày giải quyết xong"),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(("resolved_on__isnull", True), ("resolved_on__gte", models.F("received_on")),
                                   _connector="OR"),
                name="complaint_resolved_after_received",
            ),
        ),
    ]
