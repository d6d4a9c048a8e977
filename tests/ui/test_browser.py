"""The chat in a real browser: Debian's Chromium against a live `chainlit run` on the tiny warehouse.

Each case signs in as a demo user and checks what that person sees. Screenshots go to
tests/artifacts/ (git-ignored). The time to the first visible answer is printed (run with -s).
"""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ANSWERS = '[data-step-type="assistant_message"]'
MASKED_PHONE = re.compile(r"^\d{3}\*{4}\d{4}$")
FULL_PHONE = re.compile(r"\b1\d{10}\b")


def answers(chat: Any) -> Any:
    return chat.page.locator(ANSWERS)


def wait_for_new_answer(chat: Any, before: int, contains: str | None = None) -> Any:
    """The next assistant message once it is on the page (optionally containing a text)."""
    chat.page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n", arg=[ANSWERS, before]
    )
    latest = answers(chat).nth(before)
    if contains is not None:
        latest.get_by_text(contains, exact=False).first.wait_for()
    wait_until_rendered(chat, before)
    return latest


def wait_until_rendered(chat: Any, index: int) -> None:
    """The answer's table and chart are elements fetched after the text: wait until none is loading."""
    chat.page.wait_for_function(
        """([selector, n]) => {
            const answer = document.querySelectorAll(selector)[n];
            return answer && !answer.querySelector('.animate-pulse') && !answer.innerText.includes('Loading...');
        }""",
        arg=[ANSWERS, index],
    )


def send(chat: Any, text: str) -> float:
    """Types and sends a message; returns when it was sent. Sends again if the page was not yet
    ready to take it (the text is still in the box after a few seconds)."""
    page = chat.page
    page.fill("#chat-input", text)
    for _ in range(3):
        page.wait_for_selector("#chat-submit:not([disabled])")
        started = time.perf_counter()
        page.click("#chat-submit")
        try:
            page.wait_for_function("() => document.querySelector('#chat-input').value === ''", timeout=5000)
            return started
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the page did not take the message {text!r}")


def ask(chat: Any, question: str, contains: str | None = None) -> tuple[Any, float]:
    """Types a question, waits for its answer; returns the answer and seconds to see it."""
    before = answers(chat).count()
    started = send(chat, question)
    answer = wait_for_new_answer(chat, before, contains)
    return answer, time.perf_counter() - started


def table_rows(answer: Any) -> list[list[str]]:
    answer.locator("table tbody tr").first.wait_for()  # the table element renders after the text
    return answer.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(td => td.innerText.trim()))"
    )


def table_header(answer: Any) -> list[str]:
    answer.locator("table thead th").first.wait_for()
    return answer.locator("table thead th").evaluate_all("cells => cells.map(c => c.innerText.trim())")


def open_step(chat: Any, name: str) -> Any:
    """Expands the last step with this name and returns its container. A click that lands while the
    answer's steps are still being re-rendered is lost: click again until the step shows content."""
    button = chat.page.locator("button", has_text=name).last
    container = button.locator("xpath=ancestor::div[contains(@class,'flex-col')][1]")
    for _ in range(3):
        button.click()
        try:
            chat.page.wait_for_function(
                "([el, label]) => el && el.innerText.trim().length > label.length + 5",
                arg=[container.element_handle(), name],
                timeout=5000,
            )
            break
        except PlaywrightTimeout:
            continue
    return container


def test_viewer_clicks_a_starter_and_sees_table_chart_sql_and_csv(open_chat: Any) -> None:
    chat = open_chat("victor")
    page = chat.page
    badge = page.get_by_test_id("user-badge")
    badge.wait_for()
    assert "Victor Viewer" in badge.inner_text() and "viewer" in badge.inner_text()
    before = answers(chat).count()
    started = time.perf_counter()
    page.click("#starter-revenue-by-region")
    answer = wait_for_new_answer(chat, before, "has the highest Revenue")
    first_answer_seconds = time.perf_counter() - started
    print(f"\ntime to first visible answer (starter 'revenue by region', viewer): {first_answer_seconds:.2f}s")

    assert table_header(answer) == ["Region", "Revenue"]
    rows = table_rows(answer)
    assert len(rows) == 7 and {r[0] for r in rows} >= {"East", "South", "North"}
    assert all(r[1].startswith("¥") and r[1][-1] in "KMB" for r in rows), rows
    answer.locator(".js-plotly-plot .main-svg").first.wait_for()
    assert answer.locator(".js-plotly-plot .bars path, .js-plotly-plot .bars .point").count() >= 7

    sql_step = open_step(chat, "SQL (as executed)")
    sql_step.get_by_text("SUM", exact=False).first.wait_for()
    privacy = open_step(chat, "Privacy")
    privacy.get_by_text("What the guards changed", exact=False).first.wait_for()
    open_step(chat, "How I read your question").get_by_text("Revenue by region", exact=False).first.wait_for()
    chat.screenshot("viewer_starter_answer")

    with page.expect_download() as download_info:
        answer.get_by_text("revenue-by-region", exact=False).first.click()
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(content)))
    assert csv_rows[0] == ["region", "revenue"] and len(csv_rows) == 8

    _, warm_seconds = ask(chat, "orders by channel last quarter", "has the highest Orders")
    print(f"time to visible answer (typed 'orders by channel last quarter', warm): {warm_seconds:.2f}s")
    (ARTIFACTS / "time_to_first_answer.txt").write_text(
        f"first_answer_seconds={first_answer_seconds:.3f}\nwarm_answer_seconds={warm_seconds:.3f}\n", encoding="utf-8"
    )
    assert first_answer_seconds < 15, "the first answer took far too long"


def test_analyst_free_sql_sees_masked_phones(open_chat: Any) -> None:
    chat = open_chat("alice")
    answer, _ = ask(chat, "SELECT full_name, phone FROM customers LIMIT 5", "rows returned")
    assert table_header(answer) == ["Full name", "Phone"]
    rows = table_rows(answer)
    assert len(rows) == 5
    assert all(MASKED_PHONE.match(phone) for _, phone in rows), rows
    assert all("*" in name for name, _ in rows), rows
    assert not FULL_PHONE.search(answer.inner_text())
    privacy = open_step(chat, "Privacy")
    privacy.get_by_text("****", exact=False).first.wait_for()
    chat.screenshot("analyst_masked_phones")


def test_regional_manager_sees_only_their_region(open_chat: Any) -> None:
    chat = open_chat("erin")
    assert "region East" in chat.page.get_by_test_id("user-badge").inner_text()
    answer, _ = ask(chat, "revenue by region", "Revenue")
    rows = table_rows(answer)
    assert [r[0] for r in rows] == ["East"], rows
    open_step(chat, "Privacy").get_by_text("East", exact=False).first.wait_for()
    chat.screenshot("regional_manager_east")


def test_clarification_buttons_ask_the_chosen_question(open_chat: Any) -> None:
    chat = open_chat("victor")
    ask(chat, "sales by region", "Which one do you mean")
    before = answers(chat).count()
    chat.page.get_by_role("button", name="1. Revenue").click()
    answer = wait_for_new_answer(chat, before, "has the highest Revenue")
    assert table_header(answer) == ["Region", "Revenue"]
    assert chat.page.get_by_role("button", name="2. Item revenue").count() == 0
    chat.screenshot("clarification_chosen")


def test_follow_up_refines_the_previous_question(open_chat: Any) -> None:
    chat = open_chat("victor")
    ask(chat, "revenue by region", "has the highest Revenue")
    answer, _ = ask(chat, "and by channel?", "Revenue")
    assert table_header(answer)[:3] == ["Region", "Sales channel", "Revenue"]
    assert len(table_rows(answer)) == 20
    more = chat.page.get_by_role("button", name=re.compile(r"Show \d+ more rows"))
    before = answers(chat).count()
    more.first.click()
    page_two = wait_for_new_answer(chat, before, "Rows 21")
    assert len(table_rows(page_two)) == 20
    chat.screenshot("follow_up_by_channel")


def test_viewer_typing_sql_gets_the_policy_message(open_chat: Any) -> None:
    chat = open_chat("victor")
    answer, _ = ask(chat, "SELECT full_name, phone FROM customers LIMIT 5", "Not allowed")
    text = answer.inner_text()
    assert "may not run free SQL" in text and answer.locator("table").count() == 0
    chat.screenshot("viewer_blocked_sql")
    follow, _ = ask(chat, "revenue by region", "has the highest Revenue")
    assert len(table_rows(follow)) == 7


def test_unknown_question_gets_a_friendly_hint_and_the_chat_goes_on(open_chat: Any) -> None:
    chat = open_chat("mia")
    answer, _ = ask(chat, "blorp the flux capacitor", "Try one of these metrics")
    assert "revenue" in answer.inner_text()
    ask(chat, "monthly revenue this year", "Revenue")


def test_feedback_answers_show_pain_points_quotes_and_a_trend(open_chat: Any) -> None:
    chat = open_chat("victor")
    answer, _ = ask(chat, "what are the main pain points", "most frequent pain point")
    assert table_header(answer) == ["Pain point", "Pain-point mentions"]
    counts = [int(row[1].replace(",", "")) for row in table_rows(answer)]
    assert counts and counts == sorted(counts, reverse=True)
    assert answer.get_by_role("button", name="Helpful", exact=True).count() == 1  # audited, so it can be rated
    answer.get_by_text("What customers say").wait_for()
    assert answer.locator("blockquote").count() >= 1
    answer.locator(".js-plotly-plot .main-svg").first.wait_for()
    trend, _ = ask(chat, "pain points by month this year", "most frequent pain point")
    trend.locator(".js-plotly-plot .scatterlayer .trace").first.wait_for()
    assert trend.locator(".js-plotly-plot .scatterlayer .trace .points path").count() >= 2
    chat.screenshot("feedback_pain_points")


def test_ratings_are_recorded_once_with_the_audit_record(open_chat: Any, ui_home: Path) -> None:
    from guards.audit import AuditLog

    audit = AuditLog(ui_home / "audit.duckdb")
    chat = open_chat("alice")
    page = chat.page
    ask(chat, "revenue by channel last quarter", "has the highest Revenue")
    first_id = audit.tail(1)[-1].audit_id
    before = answers(chat).count()
    page.get_by_role("button", name="Helpful", exact=True).last.click()
    wait_for_new_answer(chat, before, "add a comment")
    page.get_by_role("button", name="Add a comment", exact=True).click()
    page.get_by_text("Type your comment below", exact=False).wait_for()
    send(chat, "clear and quick")
    page.get_by_text("your thumbs up was recorded with your comment").wait_for()
    assert audit.feedback(first_id) == [(1, "clear and quick")]

    ask(chat, "orders by channel last quarter", "has the highest Orders")
    second_id = audit.tail(1)[-1].audit_id
    before = answers(chat).count()
    page.get_by_role("button", name="Not helpful", exact=True).last.click()
    wait_for_new_answer(chat, before, "add a comment")
    ask(chat, "revenue by region", "has the highest Revenue")  # moving on records it without a comment
    assert audit.feedback(second_id) == [(-1, None)]
    assert audit.feedback(first_id) == [(1, "clear and quick")]
    chat.screenshot("ratings_recorded")


# ---- Every role in English and Chinese, dark mode, a phone, and a page with no failed request ----

ROLE_USERS = ["victor", "alice", "erin", "mia", "admin"]  # viewer, analyst, regional_manager, marketing, admin
AGGREGATE_ONLY = ("victor", "mia")


def assert_clean(chat: Any) -> None:
    """No request failed (4xx/5xx) and nothing was logged as a console error on this page: not
    the login page's session probe, not a wrong password, not anything after signing in."""
    assert chat.failed_responses == [], f"failed requests: {chat.failed_responses}"
    assert chat.console_errors == [], f"console errors: {chat.console_errors}"


@dataclass
class WatchedPage:
    """A page that is not signed in, with its failed responses and console errors recorded."""

    page: Any
    failed_responses: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def watched(context: Any) -> WatchedPage:
    watch = WatchedPage(context.new_page())
    watch.page.on(
        "response",
        lambda r: watch.failed_responses.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None,
    )
    watch.page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    return watch


def table_of(answer: Any) -> Any:
    """The answer once its table element is on the page (it is fetched after the text)."""
    answer.locator("table thead th").first.wait_for()
    return answer


def block_order(answer: Any, narrative: str) -> list[str]:
    """The answer's blocks from top to bottom: the narrative (found by its text), chart and table."""
    return answer.evaluate(
        """(el, words) => {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode();
            while (node && !node.nodeValue.includes(words)) node = walker.nextNode();
            const top = (n) => n ? n.getBoundingClientRect().top : null;
            const items = [["narrative", top(node && node.parentElement)],
                           ["chart", top(el.querySelector('.js-plotly-plot'))],
                           ["table", top(el.querySelector('table'))]];
            return items.filter(([, y]) => y !== null).sort((a, b) => a[1] - b[1]).map(([name]) => name);
        }""",
        narrative,
    )


@pytest.mark.parametrize("user", ROLE_USERS)
def test_each_role_in_english_and_chinese(open_chat: Any, user: str) -> None:
    chat = open_chat(user)
    answer, _ = ask(chat, "average order value by channel", "Average order value")
    exact = user not in AGGREGATE_ONLY  # the overall AOV from the semantic layer; aggregate-only roles: the range
    narrative = "Average order value overall: ¥" if exact else "has the highest Average order value"
    assert "Total" not in answer.inner_text() and narrative in answer.inner_text()
    assert ("do not add up" in answer.inner_text()) is not exact
    assert table_header(table_of(answer)) == ["Sales channel", "Average order value"]
    channels = {row[0] for row in table_rows(answer)}
    assert "live_stream" not in channels and channels & {"Live stream", "App", "Web"}
    answer.locator(".js-plotly-plot .main-svg").first.wait_for()
    assert block_order(answer, narrative) == ["narrative", "chart", "table"]
    assert answer.get_by_role("button", name=re.compile("average order value by")).count() >= 2  # follow-ups

    zh, _ = ask(chat, "各渠道的客单价", "客单价")
    assert table_header(table_of(zh)) == ["渠道", "客单价"] and "直播" in {row[0] for row in table_rows(zh)}
    assert "mini_program" not in zh.inner_text() and "do not add up" not in zh.inner_text()
    assert ("客单价总体为" in zh.inner_text()) is exact
    chat.page.locator("button", has_text="隐私").last.wait_for()
    said = re.split("隐私规则改了什么|SQL 按生成的原样执行|审计编号", open_step(chat, "隐私").inner_text())[0]
    assert set(re.findall(r"[A-Za-z]+", said)) <= {"SQL"}, said  # attributes, roles and notices in Chinese
    assert ("您只能看到 华东地区 的数据" in said) is (user == "erin"), said
    chat.screenshot(f"role_{user}_en_zh")
    assert_clean(chat)


def test_chinese_browser_gets_chinese_ui_strings(browser: Any, ui_server: str, open_chat: Any) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        login = watched(context)
        page = login.page
        page.goto(f"{ui_server}/login")
        page.get_by_text("用户名").first.wait_for()
        page.fill("#email", "victor")
        page.fill("#password", "wrong-password")
        page.click("button[type='submit']")
        page.get_by_text("用户名或密码错误").wait_for()
        page.screenshot(path=str(ARTIFACTS / "login_zh_wrong_password.png"))
        assert_clean(login)
    finally:
        context.close()
    chat = open_chat("mia", locale="zh-CN")
    answer, _ = ask(chat, "每个会员等级的活跃客户", "活跃客户")
    table_of(answer)
    assert "金卡" in {row[0] for row in table_rows(answer)} or "白金卡" in {row[0] for row in table_rows(answer)}
    assert "同一客户可能出现在多个分组中" in answer.inner_text()  # a distinct count is never summed
    assert "小分组已隐藏" in answer.inner_text() and "small groups" not in answer.inner_text()
    footer = chat.page.evaluate("() => getComputedStyle(document.querySelector('.watermark'), '::after').content")
    assert "答案使用受治理的指标定义" in footer, footer
    chat.screenshot("marketing_zh")
    assert_clean(chat)


def test_login_says_username_and_a_wrong_password_is_friendly(browser: Any, ui_server: str) -> None:
    context = browser.new_context()
    try:
        login = watched(context)
        page = login.page
        page.goto(f"{ui_server}/login")
        assert page.locator("label[for='email']").inner_text().strip() == "Username"
        page.wait_for_timeout(500)  # the session probe has been answered (no failed request)
        assert_clean(login)
        page.fill("#email", "alice")
        page.fill("#password", "not-her-password")
        page.click("button[type='submit']")
        page.get_by_text("Wrong username or password").wait_for()
        assert "credentialssignin" not in page.inner_text("body").lower()
        page.screenshot(path=str(ARTIFACTS / "login_wrong_password.png"))
        page.fill("#password", "analyst-demo-pw")  # then the right one, on the same page
        page.click("button[type='submit']")
        page.wait_for_selector("#chat-input")
        page.get_by_test_id("user-badge").wait_for()
        assert_clean(login)
    finally:
        context.close()


def test_dark_mode_draws_charts_light_on_dark(open_chat: Any) -> None:
    chat = open_chat("victor", color_scheme="dark")
    chat.page.evaluate("() => localStorage.setItem('vite-ui-theme', 'dark')")
    chat.page.reload()
    chat.page.wait_for_selector("#chat-input")
    assert chat.page.evaluate("() => document.documentElement.classList.contains('dark')")
    answer, _ = ask(chat, "monthly revenue this year", "Revenue went from")
    answer.locator(".js-plotly-plot .main-svg").first.wait_for()
    fill = answer.locator(".js-plotly-plot .main-svg text").first.evaluate("t => getComputedStyle(t).fill")
    assert fill == "rgb(229, 231, 235)", fill
    background = answer.locator(".js-plotly-plot .main-svg").first.evaluate("s => getComputedStyle(s).backgroundColor")
    assert background in ("rgba(0, 0, 0, 0)", "transparent"), background
    chat.screenshot("dark_mode_chart")
    assert_clean(chat)


def test_phone_viewport_keeps_links_free_and_charts_inside(open_chat: Any) -> None:
    chat = open_chat("erin", viewport={"width": 390, "height": 844})
    page = chat.page
    answer, _ = ask(chat, "revenue by channel last quarter", "Revenue")
    answer.locator(".js-plotly-plot .main-svg").first.wait_for()
    badge = page.get_by_test_id("user-badge").bounding_box()
    readme = page.get_by_text("Readme").first
    if readme.is_visible():
        link = readme.bounding_box()
        assert badge and link and (badge["y"] >= link["y"] + link["height"] or badge["y"] + badge["height"] <= link["y"]
                                   or badge["x"] >= link["x"] + link["width"] or badge["x"] + badge["width"] <= link["x"])  # fmt: skip
    chart = answer.locator(".js-plotly-plot").first.bounding_box()
    assert chart is not None and chart["x"] >= 0 and chart["x"] + chart["width"] <= 390 + 1, chart
    title = answer.locator(".js-plotly-plot .gtitle").first.bounding_box()
    assert title is not None and title["x"] + title["width"] <= 390 + 1, title
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 391
    open_step(chat, "Privacy").get_by_text("You see region East only", exact=False).first.wait_for()
    chat.screenshot("phone_regional_manager")
    assert_clean(chat)


def test_no_dead_ends_and_ranked_order(open_chat: Any) -> None:
    chat = open_chat("alice")
    refused, _ = ask(chat, "return rate by category", "cannot be split")
    assert "group_by" not in refused.inner_text() and "return_rate" not in refused.inner_text()
    before = answers(chat).count()
    refused.get_by_role("button", name="return rate by region").click()
    alternative = wait_for_new_answer(chat, before, "Return rate")
    assert table_header(table_of(alternative)) == ["Region", "Return rate"]
    assert all(row[1].endswith("%") for row in table_rows(alternative))
    top, _ = ask(chat, "top 5 cities by revenue", "ranks first")
    table_of(top)
    values = [float(row[1].lstrip("¥").rstrip("KMB").replace(",", "")) for row in table_rows(top)]
    assert len(values) == 5 and values == sorted(values, reverse=True)
    typed, _ = ask(chat, "SELECT cty FROM customers", "did you mean city")
    assert typed.locator("table").count() == 0
    chat.screenshot("no_dead_ends")
    assert_clean(chat)
