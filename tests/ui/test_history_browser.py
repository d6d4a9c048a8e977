"""The kept conversation in a real browser: ask, reload the page, start a new chat, reopen the
thread from the sidebar (it shows as it was) and ask a follow-up that refines its last question."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.ui.test_browser import ANSWERS, ask, table_header

pytestmark = pytest.mark.browser


def test_a_thread_reopened_from_the_sidebar_continues_its_conversation(open_chat: Any) -> None:
    chat = open_chat("victor")
    page = chat.page
    first, _ = ask(chat, "revenue by region", "has the highest Revenue")
    assert table_header(first) == ["Region", "Revenue"]
    page.wait_for_url(re.compile(r"/thread/[0-9a-f-]{36}$"))
    thread_id = page.url.rsplit("/", 1)[-1]

    page.reload()
    page.locator(ANSWERS).first.get_by_text("has the highest Revenue").wait_for()  # resumed as it was

    page.click("#new-chat-button")
    page.wait_for_selector("[id^='starter-']")
    if not page.locator(f"#thread-{thread_id}").is_visible():
        page.click("#sidebar-trigger-button")
    entry = page.locator(f"#thread-{thread_id}")
    assert "revenue by region" in entry.inner_text().lower()
    entry.click()
    page.wait_for_url(re.compile(f"/thread/{thread_id}$"))
    reopened = page.locator(ANSWERS).first
    reopened.get_by_text("has the highest Revenue").wait_for()
    reopened.locator("table thead th").first.wait_for()
    assert table_header(reopened) == ["Region", "Revenue"]

    follow_up, _ = ask(chat, "and by channel?", "Revenue")
    follow_up.locator("table thead th").first.wait_for()  # the table renders after the narrative
    assert table_header(follow_up)[:3] == ["Region", "Sales channel", "Revenue"]
    chat.screenshot("history_reopened_follow_up")
