"""URL × persona matrix of the document downloads: the same answers as the page each document comes from
(`decisions:detail` for the recognition decision). Sibling names must not appear in the files."""

from bontot.core.testing.matrix import Case
from bontot.decisions.tests.matrix import NOT_DU, READERS, decided

MATRIX = {
    "documents:decision_pdf": Case(READERS, kwargs=decided, absent=lambda w: NOT_DU),
    "documents:decision_docx": Case(READERS, kwargs=decided, absent=lambda w: NOT_DU),
}
