"""The Chainlit chat UI: a thin adapter that shows the assistant's `Answer` in the browser.

Each module has one job (login, tables, charts, steps, CSV, feedback view, ratings, starters,
messages); `cdm/chat_app.py` wires them to Chainlit's callbacks. Chainlit itself is imported only
by the modules that send things to the page, so the pure formatting code is testable on its own.
"""
