"""URL × persona matrix of the notification pages: GET in `MATRIX` (core's test_url_matrix), POST in
`POST_MATRIX` (test_matrix_post.py). Everyone logged in has their own list; a notification of member_a is
member_a's alone: any other user asking for it gets 404."""

from django.contrib.auth import get_user_model

from bontot.core.testing.matrix import Case, expect
from bontot.core.testing.world import World
from bontot.notifications.models import Notification

MEMBER_A_TEXT = "Thông báo riêng của đồng chí An"
SOMEONE_TEXT = "Thông báo riêng của người khác"


def _member_a_notification(w: World) -> dict[str, int]:
    notification = Notification.objects.create(user=w.users["member_a"], kind="test.private", text=MEMBER_A_TEXT)
    return {"pk": notification.pk}


def _someone_elses(w: World) -> dict[str, int]:
    """A notification of a user who is none of the personas: no list may show it."""
    someone = get_user_model().objects.create_user(username="someone", email="someone@example.vn")
    Notification.objects.create(user=someone, kind="test.private", text=SOMEONE_TEXT)
    return {}


MATRIX = {
    "notifications:list": Case(expect(200), kwargs=_someone_elses, absent=lambda w: [SOMEONE_TEXT]),
    # The two actions take POST only (their statuses are in POST_MATRIX).
    "notifications:read": Case(expect(405), kwargs=_member_a_notification),
    "notifications:read_all": Case(expect(405)),
}

POST_MATRIX = {
    "notifications:read": Case(expect(404, member_a=302), kwargs=_member_a_notification, data=lambda w: {}),
    "notifications:read_all": Case(expect(302), data=lambda w: {}),
}
