from bontot.core.testing.matrix import Case, expect

MATRIX = {
    "accounts:login": Case(expect(302, anonymous=200)),
    "accounts:logout": Case(expect(302), data=lambda w: {}),
}
