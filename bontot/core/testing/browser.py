"""Helpers of the browser tests (playwright, real chromium)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def follow_menu(page: Page, label: str) -> None:
    """Follow a main-menu entry as a user would: on a phone open the collapsed menu ("Mở menu") first; when the
    entry sits under a heading (a grouped menu, accounts/navigation.py), open that heading's dropdown."""
    toggler = page.get_by_role("button", name="Mở menu")
    collapsed = page.locator("#main-menu")
    if toggler.is_visible() and not re.search(r"(^|\s)show(\s|$)", collapsed.get_attribute("class") or ""):
        toggler.click()
        # Bootstrap adds "show" once the collapse animation ends; a click during it can miss the link.
        expect(collapsed).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    nav = page.get_by_role("navigation", name="Menu chính")
    link = nav.get_by_role("link", name=label, exact=True)
    if not link.is_visible():
        # `has` is matched inside each dropdown (a locator of the page, not one rooted at the nav); a closed
        # dropdown's links are hidden, which role locators skip unless told
        hidden = page.get_by_role("link", name=label, exact=True, include_hidden=True)
        nav.locator(".dropdown", has=hidden).get_by_role("button").click()
    link.click()
