"""The chat UI's Chainlit entry module: `chainlit run cdm/chat_app.py` (from the repo root, where
.chainlit/config.toml, public/ and chainlit.md live).

Only wiring lives here: each callback hands over to a small module in `cdm/ui/`. Every answer
comes from `assistant.service.ask` with the signed-in user's principal (users file, trusted
proxy header or OIDC claims: cdm/ui/auth.py). Threads persist through Chainlit's data layer
(cdm/history/); a resumed thread gets its conversation state back (cdm/ui/history.py).
"""

from __future__ import annotations

from cdm.ui.runtime import prepare_environment

prepare_environment()  # before Chainlit checks for its auth secret

import chainlit as cl  # noqa: E402
from chainlit.types import ThreadDict  # noqa: E402
from starlette.datastructures import Headers  # noqa: E402

from assistant.warmup import warm_up_in_background as warm_up_answers  # noqa: E402
from cdm.history.data_layer import HistoryDataLayer, open_history  # noqa: E402
from cdm.ui import offline_page  # noqa: E402
from cdm.ui.access_chat import access_reply  # noqa: E402
from cdm.ui.asking import ask_in_chat, warm_up_in_background  # noqa: E402
from cdm.ui.auth import SignedInUser, check_login, header_auth_configured, header_sign_in  # noqa: E402
from cdm.ui.history import (  # noqa: E402
    prune_in_background,
    remember_conversation,
    resume_state,
    start_state,
    still_signed_in,
)
from cdm.ui.installation import apply_web_security  # noqa: E402
from cdm.ui.messages import text  # noqa: E402
from cdm.ui.oidc import install_oidc, oidc_user  # noqa: E402
from cdm.ui.ratings import flush_pending, on_comment_choice, on_thumbs, take_comment  # noqa: E402
from cdm.ui.render import send_answer, send_more_rows  # noqa: E402
from cdm.ui.starters import starters_for  # noqa: E402
from cdm.ui.state import ChatState  # noqa: E402
from data.errors import CdmError  # noqa: E402

offline_page.install()
apply_web_security()
prune_in_background()
warm_up_in_background()
warm_up_answers()  # catalog, lexicon, a pooled connection per role's time limit, embedding model


def chainlit_user(user: SignedInUser) -> cl.User:
    return cl.User(identifier=user.principal.user or "", display_name=user.display_name, metadata=user.metadata())


@cl.data_layer
def history_layer() -> HistoryDataLayer:
    return open_history()


@cl.password_auth_callback
async def login(username: str, password: str) -> cl.User | None:
    user = await cl.make_async(check_login)(username, password)
    return chainlit_user(user) if user is not None else None


if install_oidc():

    @cl.oauth_callback
    async def oidc_login(
        provider_id: str, token: str, raw_user_data: dict[str, str], default_user: cl.User, id_token: str | None = None
    ) -> cl.User | None:
        user = await cl.make_async(oidc_user)(raw_user_data)
        return chainlit_user(user) if user is not None else None


if header_auth_configured():

    @cl.header_auth_callback
    async def proxy_login(headers: Headers) -> cl.User | None:
        user = await cl.make_async(header_sign_in)(dict(headers))
        return chainlit_user(user) if user is not None else None


@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    role = (user.metadata or {}).get("role") if user is not None else None
    return [cl.Starter(label=s.label, message=s.message) for s in starters_for(role)]


@cl.on_chat_start
async def start() -> None:
    try:
        start_state()
    except (CdmError, AttributeError):
        await cl.Message(content=text("session_expired")).send()


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    try:
        resume_state(thread)
    except (CdmError, AttributeError):
        await cl.Message(content=text("session_expired")).send()


def current_state() -> ChatState | None:
    state = cl.user_session.get("state")
    return state if isinstance(state, ChatState) else None


async def answer_question(question: str) -> None:
    state = current_state()
    if state is None or not still_signed_in(state):
        await cl.Message(content=text("session_expired")).send()
        return
    answer = await ask_in_chat(question, state)
    await send_answer(answer, state)
    await remember_conversation(state)


@cl.on_message
async def on_message(message: cl.Message) -> None:
    state = current_state()
    if state is not None and await take_comment(state, message.content):
        return
    reply = access_reply(message.content, state.user.principal) if state is not None else None
    if reply is not None:  # `/access request|approve|reject|list` (cdm/ui/access_chat.py)
        await cl.Message(content=reply).send()
        return
    await answer_question(message.content)


@cl.action_callback("clarify")
async def on_clarify(action: cl.Action) -> None:
    state = current_state()
    if state is not None:
        for button in state.take_buttons(str(action.payload.get("key")), "clarify"):
            await button.remove()
    question = str(action.payload.get("question", ""))
    await cl.Message(content=question, type="user_message", author=state.user.display_name if state else "You").send()
    await answer_question(question)


@cl.action_callback("more_rows")
async def on_more_rows(action: cl.Action) -> None:
    state = current_state()
    if state is not None:
        await action.remove()
        await send_more_rows(state, str(action.payload.get("key")), int(action.payload.get("start", 0)))


@cl.action_callback("rate")
async def on_rate(action: cl.Action) -> None:
    state = current_state()
    if state is not None:
        await on_thumbs(state, action)


@cl.action_callback("rating_comment")
async def on_rating_comment(action: cl.Action) -> None:
    state = current_state()
    if state is not None:
        await on_comment_choice(state, action)


@cl.on_chat_end
async def end() -> None:
    state = current_state()
    if state is not None:
        await flush_pending(state)
