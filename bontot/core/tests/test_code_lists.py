"""Every code list of the models is the engine's code list (bontot/criteria/engine/scales.py), both ways."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from bontot.core.choices import code_choices
from bontot.criteria.engine import scales
from bontot.criteria.engine.evaluate import effective_judgement
from bontot.criteria.engine.snapshot import Judgement as JudgementFact

# Each model field with choices, and the engine's list of its codes (best first for scales).
ENGINE_CODES = {
    "facts.Meeting.kind": ("MEETING_KINDS", tuple(scales.MEETING_KINDS)),
    "facts.Meeting.grade": ("MEETING_GRADE", scales.MEETING_GRADE.codes),
    "facts.QualityRating.level": ("QUALITY_CODES_WITH_NOT_RATED", scales.QUALITY_CODES_WITH_NOT_RATED),
    "facts.WorkplaceRating.level": ("QUALITY_CODES_WITH_NOT_RATED", scales.QUALITY_CODES_WITH_NOT_RATED),
    "facts.OrgResult.area": ("ORG_RESULT_AREAS", tuple(scales.ORG_RESULT_AREAS)),
    "facts.OrgResult.level": ("RESULT_LEVEL", scales.RESULT_LEVEL.codes),
    "facts.Discipline.form": ("DISCIPLINE_FORMS", tuple(scales.DISCIPLINE_FORMS)),
    "facts.Complaint.kind": ("COMPLAINT_KINDS", tuple(scales.COMPLAINT_KINDS)),
    "facts.ResidenceComment.verdict": ("RESIDENCE_VERDICTS", tuple(scales.RESIDENCE_VERDICTS)),
    "organizations.LinkedBody.level": (
        "QUALITY + NOT_APPLICABLE_LEVEL",
        (*scales.QUALITY.codes, scales.NOT_APPLICABLE_LEVEL),
    ),
    "assessments.Judgement.verdict": ("PASS, FAIL", (scales.PASS, scales.FAIL)),
}
# Code lists the engine has no list of: it never reads them, or (Judgement.by) reads them by name.
DJANGO_ONLY = {
    "members.Member.gender",
    "organizations.Organization.kind",
    "organizations.RoleAssignment.role",
    "assessments.Judgement.by",
    # Which built-in document an uploaded Word template replaces.
    "documents.DocumentTemplate.kind",
    # The loader splits these into the snapshot's own fields (suspensions, exemptions, residence cells).
    "members.Membership.kind",
    "members.MemberStatus.kind",
    # The loader reads held meetings only; announced ones never reach the engine.
    "facts.Meeting.status",
    # The workflow's states; the engine evaluates facts, not registrations.
    "assessments.Registration.status",
    "assessments.Assessment.status",
    "assessments.Assessment.proposal",
    "facts.Complaint.concerns",
    # How a decision is signed (T/M, K/T): a document's field.
    "decisions.Decision.signing_mode",
    # A showcase story's state (draft, published, withdrawn): never evaluated.
    "showcase.Story.status",
}


def fields_with_choices():
    for model in apps.get_models():
        if not model.__module__.startswith("bontot."):
            continue
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


FIELDS = dict(fields_with_choices())


def test_it_knows_where_the_codes_of_every_field_with_choices_come_from():
    unclassified = sorted(set(FIELDS) - set(ENGINE_CODES) - DJANGO_ONLY)
    assert not unclassified, (
        f"fields with choices tied to no engine code list: {', '.join(unclassified)}; build their choices with "
        "bontot.core.choices.code_choices() from bontot/criteria/engine/scales.py and add them to ENGINE_CODES, "
        "or add them to DJANGO_ONLY if the engine never reads them"
    )
    assert not sorted((set(ENGINE_CODES) | DJANGO_ONLY) - set(FIELDS)), "a listed field has no choices any more"


@pytest.mark.parametrize("name", sorted(ENGINE_CODES))
def test_it_gives_every_field_exactly_the_engine_codes(name):
    engine_name, engine_codes = ENGINE_CODES[name]
    field = FIELDS[name]
    codes = [code for code, _ in field.choices]
    not_in_model = [code for code in engine_codes if code not in codes]
    not_in_engine = [code for code in codes if code not in engine_codes]
    assert not not_in_model, f"{name} lacks the engine's code(s) {', '.join(not_in_model)} (scales.{engine_name})"
    assert not not_in_engine, f"{name} has code(s) {', '.join(not_in_engine)} missing from scales.{engine_name}"
    assert codes == list(engine_codes), f"{name} lists its codes in another order than scales.{engine_name}"
    too_long = [code for code in codes if len(code) > field.max_length]
    assert not too_long, f"{name}: code(s) {', '.join(too_long)} longer than max_length {field.max_length}"


def test_it_names_every_meeting_kind_in_the_rules_words():
    for model in ("cell", "grassroots"):
        for kind in scales.MEETING_KINDS:
            assert scales.meeting_noun(kind, model).strip(), f"meeting kind {kind!r} has no noun for model {model}"
            assert scales.meeting_kind_label(kind, model).strip(), f"meeting kind {kind!r} has no label"


@pytest.mark.parametrize("by", [code for code, _ in FIELDS["assessments.Judgement.by"].choices])
def test_it_lets_the_engine_read_every_kind_of_judge(by):
    fact = JudgementFact(indicator="1.1.j1", verdict=scales.PASS, by=by)
    assert effective_judgement([fact], "1.1.j1") == fact, f"the engine ignores judgements by {by!r}"


def test_it_refuses_a_code_without_a_label_and_a_label_without_a_code():
    with pytest.raises(ImproperlyConfigured) as caught:
        code_choices("Kind", ("a", "b", "c"), {"a": "A", "d": "D"}, module="app.models")
    assert str(caught.value) == (
        "app.models.Kind: no label for the engine's code(s) b, c; a label for code(s) the engine does not have: d "
        "(bontot/criteria/engine/scales.py)"
    )


def test_it_builds_choices_in_the_engine_order_with_the_models_labels():
    kind = code_choices("Kind", ("b", "a"), {"a": "Nhãn A", "b": "Nhãn B"}, module="app.models")
    assert kind.choices == [("b", "Nhãn B"), ("a", "Nhãn A")]
    assert kind["B"] == "b" and kind["B"].label == "Nhãn B" and kind.__module__ == "app.models"
