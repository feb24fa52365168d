"""Role assignments are in force between two dates; those recorded before have been since 01/01/2000."""

import datetime

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="roleassignment",
            name="start",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="từ ngày"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="roleassignment",
            name="end",
            field=models.DateField(blank=True, null=True, verbose_name="đến ngày"),
        ),
        migrations.RemoveConstraint(model_name="roleassignment", name="role_assignment_unique"),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                fields=("user", "organization", "role", "start"), name="role_assignment_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.CheckConstraint(
                condition=models.Q(("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"),
                name="role_assignment_dates_in_order",
            ),
        ),
    ]
