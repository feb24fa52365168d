"""The bell draws without emoji fonts, and no template comment leaks into the page."""

from django.urls import reverse


def test_it_draws_the_bell_as_an_svg_and_leaks_no_template_comment(client, world):
    client.force_login(world.users["office"])
    body = client.get(reverse("home")).content.decode()
    assert 'aria-label="Thông báo: 0 chưa đọc"' in body
    assert "<svg" in body
    assert "{#" not in body and "{% comment" not in body
