"""Makes Chainlit's page complete without internet access.

Chainlit's built index.html links the Inter font from a font CDN and KaTeX's stylesheet from a
JS CDN. We do not use LaTeX, and the stylesheet's font stack falls back to the system's sans
serif, so both links are dropped from the served page: no request leaves the machine and the
page never waits on a blocked host. The browser test fails if any non-loopback request appears.
The page also preloads Chainlit's own chart chunk (served from its assets), so charts draw early.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

EXTERNAL_TAG = re.compile(r"<(link|script)\b[^>]*\b(?:href|src)=\"(?:https?:)?//[^\"]*\"[^>]*>(?:\s*</script>)?", re.S)


def strip_external_assets(html: str) -> str:
    """The page without <link>/<script> tags that point at another host."""
    return EXTERNAL_TAG.sub("", html)


def chart_preload(root_path: str = "") -> str:
    """A <link rel=modulepreload> for Chainlit's own Plotly chunk, and its import once the page is idle:
    the chunk's evaluation (1-3 s on a busy machine) then happens while the user types, not after
    the first answer arrives (the chart's lazy import finds the module already evaluated)."""
    import chainlit

    assets = Path(chainlit.__file__).resolve().parent / "frontend" / "dist" / "assets"
    chunk = next(iter(sorted(assets.glob("react-plotly-*.js"))), None)
    if chunk is None:
        return ""
    href = f"{root_path}/assets/{chunk.name}"
    idle_import = f'<script type="module">(window.requestIdleCallback || setTimeout)(() => import("{href}"));</script>'
    return f'<link rel="modulepreload" href="{href}">{idle_import}'


def with_chart_preload(html: str, root_path: str = "") -> str:
    return html.replace("</head>", f"{chart_preload(root_path)}</head>", 1)


def install() -> None:
    """Wraps Chainlit's page template once; safe to call again (e.g. when the module reloads)."""
    import chainlit.server as server

    original: Callable[[str], str] = server.get_html_template
    if getattr(original, "_cdm_offline", False):
        return

    def offline_template(root_path: str) -> str:
        return with_chart_preload(strip_external_assets(original(root_path)), root_path)

    offline_template._cdm_offline = True  # type: ignore[attr-defined]
    server.get_html_template = offline_template
