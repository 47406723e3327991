"""The preview server's part of the plugin (`jejak serve`, `mkdocs serve`): what it watches, and
MkDocs' live reload without an inline script.

MkDocs injects its live-reload code into every served page as an inline <script>, which the
portal's Content-Security-Policy blocks (policy.py). The preview serves the same code as a file
instead (LIVERELOAD_PATH, published only while serving); the page's script element carries the
two numbers MkDocs wrote into the inline code.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

WATCHED = ("records", "schema", "site_templates", "lampiran")
LIVERELOAD_PATH = "assets/javascripts/jejak/livereload.js"
LIVERELOAD_JS = """// Live reload of the preview (jejak serve): MkDocs' own code, from a file (Content-Security-Policy).
(function (script) {
  var epoch = parseFloat(script.dataset.epoch), requestId = script.dataset.request, req, timeout;
  var poll = function () {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + script.dataset.epoch + "/" + requestId);
    req.send();
  };
  var stop = function () {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  };
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
    else stop();
  });
  window.addEventListener("beforeunload", stop);
})(document.currentScript);
"""


def watch(server: Any, root: Path) -> Any:
    """MkDocs' server (mkdocs.livereload.LiveReloadServer) watching the records, SOPs, templates
    and attachments too, and injecting its live reload as a script file."""
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    server._inject_js_into_html = lambda content, epoch: inject_livereload(content, epoch, server.mount_path)
    return server


def inject_livereload(content: bytes, epoch: int, mount_path: str) -> bytes:
    """The served page with the live-reload script element before its </body>."""
    tag = (
        f'<script src="{mount_path}{LIVERELOAD_PATH}" data-epoch="{epoch}" '
        f'data-request="{time.monotonic_ns() // 1_000_000}"></script>'
    ).encode()
    end = content.rfind(b"</body>")
    end = len(content) if end < 0 else end
    return content[:end] + tag + content[end:]
