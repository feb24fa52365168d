"""Accounts URLs × personas. The user pages are the office's: a user or role assignment outside the actor's
subtree answers 404, inside it 403 to other roles; a member reaches their own account only to be refused."""

from bontot.core.testing.matrix import Case, expect
from bontot.core.testing.world import World
from bontot.organizations.models import Role, RoleAssignment

PUBLIC = expect(200, anonymous=200)
MANAGER = expect(403, office=200, outsider=200)  # every logged-in persona holds some role, or none
# A user of cell A (member_a): the office of DU manages them, other staff of the subtree are refused,
# member_a reaches their own account with no right on it, everyone else does not see it.
USER_OF_A = dict(member_a=403, secretary_a=403, supervisor_a=403, standing=403, reviewer=403)
NOT_OURS = ["Cẩm Lý", "Bên Cạnh", "Thành ủy Thử Nghiệm"]  # cell C, DU2, SUP: never shown to the office of DU


def member_a(w: World) -> dict[str, int]:
    return {"pk": w.users["member_a"].pk}


def member_a_role(w: World) -> dict[str, int]:
    return {"pk": RoleAssignment.objects.get(user=w.users["member_a"], role=Role.MEMBER).pk}


MATRIX = {
    "accounts:login": Case(expect(302, anonymous=200)),
    "accounts:logout": Case(expect(302), data=lambda w: {}),
    "accounts:password_change": Case(expect(200)),
    "accounts:password_change_done": Case(expect(200)),
    "accounts:password_reset": Case(PUBLIC),
    "accounts:password_reset_done": Case(PUBLIC),
    "accounts:password_reset_confirm": Case(PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "sai-ma"}),
    "accounts:password_reset_complete": Case(PUBLIC),
    "accounts:user_list": Case(MANAGER, absent=lambda w: ["reviewer", "Thành ủy Thử Nghiệm"]),
    "accounts:user_create": Case(MANAGER, absent=lambda w: ["Thành ủy Thử Nghiệm"]),
    "accounts:user_detail": Case(expect(404, office=200, **USER_OF_A), kwargs=member_a, absent=lambda w: NOT_OURS),
    "accounts:role_add": Case(expect(404, office=200, **USER_OF_A), kwargs=member_a, absent=lambda w: NOT_OURS),
    "accounts:user_set_password": Case(
        expect(404, office=200, **USER_OF_A), kwargs=member_a, absent=lambda w: NOT_OURS
    ),
    "accounts:user_deactivate": Case(expect(404, office=302, **USER_OF_A), kwargs=member_a, data=lambda w: {}),
    "accounts:user_activate": Case(expect(404, office=302, **USER_OF_A), kwargs=member_a, data=lambda w: {}),
    # A role assignment is reached through its organisation, by staff roles only: member_a's own is 404 to them.
    "accounts:role_end": Case(
        expect(404, office=302, secretary_a=403, supervisor_a=403, standing=403, reviewer=403),
        kwargs=member_a_role,
        data=lambda w: {f"role{member_a_role(w)['pk']}-end": "31/12/2030"},
    ),
}
