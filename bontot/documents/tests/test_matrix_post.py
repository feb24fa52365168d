"""Every POST action of the document pages × every persona."""

import pytest

from bontot.core.testing.world import PERSONAS
from bontot.members.tests.posting import check_case

from .matrix import POST_MATRIX


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_it_answers_each_persona_on_post(client, world, name, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    check_case(client, world, name, POST_MATRIX[name], persona)
