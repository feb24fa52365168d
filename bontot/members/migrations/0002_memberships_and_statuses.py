"""Dated memberships (official, temporary, residence) and dated statuses (exempt, suspended).

The former current-status columns are carried over as periods: a temporary or residence cell, an
exemption or a suspension recorded on a member becomes a period starting on the member's admission.
"""

import django.db.models.deletion
from django.db import migrations, models


def carry_over(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Membership = apps.get_model("members", "Membership")
    MemberStatus = apps.get_model("members", "MemberStatus")
    memberships, statuses = [], []
    for m in Member.objects.all().iterator():
        if m.temporary_organization_id is not None:
            memberships.append(
                Membership(member_id=m.pk, organization_id=m.temporary_organization_id, kind="temporary",
                           start=m.admitted_on)
            )
        if m.residence_organization_id is not None:
            memberships.append(
                Membership(member_id=m.pk, organization_id=m.residence_organization_id, kind="residence",
                           start=m.admitted_on)
            )
        for kind in ("exempt", "suspended"):
            if getattr(m, kind):
                statuses.append(MemberStatus(member_id=m.pk, kind=kind, start=m.admitted_on))
    Membership.objects.bulk_create(memberships, batch_size=500)
    MemberStatus.objects.bulk_create(statuses, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0001_initial"),
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "Sinh hoạt chính thức"),
                            ("temporary", "Sinh hoạt tạm thời"),
                            ("residence", "Nơi cư trú (Quy định 213)"),
                        ],
                        max_length=20,
                        verbose_name="loại",
                    ),
                ),
                ("start", models.DateField(verbose_name="từ ngày")),
                ("end", models.DateField(blank=True, null=True, verbose_name="đến ngày")),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="members.member",
                        verbose_name="đảng viên",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="organizations.organization",
                        verbose_name="chi bộ",
                    ),
                ),
            ],
            options={
                "verbose_name": "quá trình sinh hoạt đảng",
                "verbose_name_plural": "quá trình sinh hoạt đảng",
                "ordering": ["member", "kind", "start"],
                "indexes": [models.Index(fields=["organization", "kind"], name="members_mem_organiz_1eaf43_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("member", "organization", "kind", "start"), name="membership_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"),
                        name="membership_dates_in_order",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MemberStatus",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("exempt", "Miễn công tác và sinh hoạt đảng"),
                            ("suspended", "Đình chỉ sinh hoạt đảng"),
                        ],
                        max_length=20,
                        verbose_name="loại",
                    ),
                ),
                ("start", models.DateField(verbose_name="từ ngày")),
                ("end", models.DateField(blank=True, null=True, verbose_name="đến ngày")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="lý do")),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statuses",
                        to="members.member",
                        verbose_name="đảng viên",
                    ),
                ),
            ],
            options={
                "verbose_name": "miễn, đình chỉ sinh hoạt",
                "verbose_name_plural": "miễn, đình chỉ sinh hoạt",
                "ordering": ["member", "kind", "start"],
                "constraints": [
                    models.UniqueConstraint(fields=("member", "kind", "start"), name="member_status_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"),
                        name="member_status_dates_in_order",
                    ),
                ],
            },
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(model_name="member", name="temporary_organization"),
        migrations.RemoveField(model_name="member", name="residence_organization"),
        migrations.RemoveField(model_name="member", name="exempt"),
        migrations.RemoveField(model_name="member", name="suspended"),
    ]
