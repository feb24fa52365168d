"""Shipped criteria sets are pinned by digest: a published set never changes meaning. No database."""

import pytest
import yaml

from bontot.criteria.engine.criteria_set import (
    SETS_DIR,
    available_criteria_sets,
    content_digest,
    get_criteria_set,
    parse_criteria_set,
    pinned_digests,
)

NEVER_CHANGES = "a published set never changes meaning; publish a new file with a new code"


@pytest.mark.parametrize("code", available_criteria_sets())
def test_it_keeps_every_shipped_set_as_it_was_published(code):
    pins = pinned_digests()
    assert code in pins, f"{code} has no pinned digest in {SETS_DIR.name}/digests.json: {NEVER_CHANGES}"
    digest = get_criteria_set(code).digest
    assert digest == pins[code], f"{code} is now {digest}, published as {pins[code]}: {NEVER_CHANGES}"


def test_it_pins_only_shipped_sets():
    unknown = sorted(set(pinned_digests()) - set(available_criteria_sets()))
    assert unknown == [], f"pinned sets without a file (a published set is never removed): {unknown}"


def test_it_pins_the_amended_kh_63_ku_2023():
    # Amended before any assessment was frozen against it (docs/decisions.md §8).
    assert pinned_digests()["kh-63-ku-2023"] == (
        "sha256:5f421c2aa811a173dba4a8f91ea5ed77645b94de2e1dc84d9f64fa63a78c1ab2"
    )


def test_it_digests_the_content_not_the_layout():
    text = (SETS_DIR / "kh-63-ku-2023.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    relaid = "# another comment\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=60)
    assert parse_criteria_set(relaid, "copy.yaml").digest == get_criteria_set("kh-63-ku-2023").digest
    data["models"]["cell"][3]["indicators"][4]["params"]["percent"] = 51
    assert content_digest(data) != get_criteria_set("kh-63-ku-2023").digest
