"""A subject of evaluation is either a member or an organisation ("member:<card_no>" / "org:<code>")."""

from django.db import models

from .models import Tracked


class SubjectModel(Tracked):
    """Abstract base for rows about one subject: exactly one of `member` and `organization` is set."""

    member = models.ForeignKey(
        "members.Member",
        verbose_name="đảng viên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="tổ chức đảng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def subject(self) -> str:
        if self.member is not None:
            return f"member:{self.member.card_no}"
        assert self.organization is not None  # a database constraint: exactly one subject
        return f"org:{self.organization.code}"

    @property
    def subject_name(self) -> str:
        if self.member is not None:
            return self.member.full_name
        assert self.organization is not None
        return self.organization.name


def exactly_one_subject(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            models.Q(member__isnull=False, organization__isnull=True)
            | models.Q(member__isnull=True, organization__isnull=False)
        ),
        name=name,
    )


def unique_per_subject(fields: list[str], name: str) -> list[models.UniqueConstraint]:
    """Return the constraints that make `fields` unique per member and per organisation."""
    return [
        models.UniqueConstraint(
            fields=[*fields, "member"], condition=models.Q(member__isnull=False), name=f"{name}_member"
        ),
        models.UniqueConstraint(
            fields=[*fields, "organization"],
            condition=models.Q(organization__isnull=False),
            name=f"{name}_org",
        ),
    ]
