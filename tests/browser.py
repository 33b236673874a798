"""Drive headless Chromium over the DevTools protocol with only the standard library, for the browser tests.

Why a pipe and not a websocket: ``--remote-debugging-pipe`` speaks the protocol over file descriptors 3 and 4
(NUL-terminated JSON), so no port, no HTTP and no third-party client (Playwright, selenium, websockets) is
needed. Every read has a deadline and the browser runs in its own process group, which is killed on exit,
so a hung browser fails a test instead of hanging CI. The browser is offline: host resolution is mapped to
nothing, and every request a page makes is recorded so a test can assert there were none.

Also here: a small PNG decoder (zlib + the five scanline filters), so "the page is not blank" needs no
Pillow.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

#: Flags that make Chromium safe to run as root in a container, offline and quiet.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-dev-shm-usage",  # Docker's /dev/shm is 64 MB; Debian's wrapper check misfires on some hosts
    "--disable-breakpad",
    "--mute-audio",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no host name resolves
    "--enable-logging=stderr",
    "--v=0",
    "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    """The browser did not answer in time, died, or answered a command with an error."""


def find_chromium() -> str | None:
    """Debian's ``chromium`` (``$CHROMIUM`` overrides), or None when it is not installed."""
    return shutil.which(os.environ.get("CHROMIUM") or "chromium")


def _high_fd(fd: int) -> int:
    """Move a descriptor to >= 10 (close-on-exec) so dup2 onto 3 and 4 in the child cannot clobber it."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium, driven over ``--remote-debugging-pipe``. Use as a context manager."""

    def __init__(self, executable: str, timeout: float = 60.0) -> None:
        self.executable = executable
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._buffer = b""
        self._profile = Path(tempfile.mkdtemp(prefix="clausewise-chromium-"))
        self.log_path = self._profile / "stderr.log"
        to_child_r, self._to_child = (_high_fd(fd) for fd in os.pipe())
        self._from_child, from_child_w = (_high_fd(fd) for fd in os.pipe())

        def wire() -> None:  # in the child, before exec: the protocol's fds 3 (commands) and 4 (replies)
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={self._profile / 'profile'}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                close_fds=False,  # our own descriptors are close-on-exec (PEP 446); 3 and 4 are wired above
                preexec_fn=wire,
                start_new_session=True,  # its own process group, killed as a whole in close()
            )
        os.close(to_child_r)
        os.close(from_child_w)

    def __enter__(self) -> Browser:
        try:
            self.version = self.send("Browser.getVersion")
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def stderr(self) -> str:
        """Chromium's own log (``--enable-logging=stderr``), for failure messages."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        """Ask the browser to quit, then kill its whole process group whatever it did, and remove the profile."""
        if self.proc.poll() is None:
            try:
                self._write({"id": -1, "method": "Browser.close"})
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._to_child = self._from_child = -1
        shutil.rmtree(self._profile, ignore_errors=True)

    def _write(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            _, ready, _ = select.select([], [self._to_child], [], self.timeout)
            if not ready:
                raise BrowserError("browser does not read its command pipe")
            data = data[os.write(self._to_child, data) :]

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_child], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"no answer from the browser within {self.timeout:.0f} s")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise BrowserError(f"browser exited (code {self.proc.poll()}):\n{self.stderr()[-3000:]}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile go to :attr:`events`."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write(message)
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if "method" in reply:
                self.events.append(reply)
            elif reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def wait_event(self, method: str, session: str, start: int = 0) -> dict[str, Any]:
        """The first event ``method`` of ``session`` at or after index ``start`` of :attr:`events`."""
        deadline = time.monotonic() + self.timeout
        seen = start
        while True:
            for event in self.events[seen:]:
                if event["method"] == method and event.get("sessionId") == session:
                    return event
            seen = len(self.events)
            reply = self._read(deadline)
            if "method" in reply:
                self.events.append(reply)

    def open(self, url: str, width: int = 1200, height: int = 900, script: bool = True) -> Page:
        """A fresh tab of ``width`` x ``height`` CSS pixels, loaded with ``url`` (fonts ready)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
            self.send(f"{domain}.enable", session=session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        if not script:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        page.first_event = len(self.events)
        mark = len(self.events)
        nav = self.send("Page.navigate", {"url": url}, session)
        if nav.get("errorText"):
            raise BrowserError(f"navigate {url}: {nav['errorText']}")
        self.wait_event("Page.loadEventFired", session, mark)
        if script:
            page.evaluate("document.fonts.ready.then(() => true)")
        return page


@dataclass
class Page:
    """One tab: evaluate script, read fonts, take a PNG or PDF, and report what went wrong in it."""

    browser: Browser
    target: str
    session: str
    first_event: int = 0
    closed: bool = field(default=False)

    def _events(self) -> list[dict[str, Any]]:
        return [e for e in self.browser.events[self.first_event :] if e.get("sessionId") == self.session]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises awaited); a thrown exception is a BrowserError."""
        reply = self.browser.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            self.session,
        )
        if "exceptionDetails" in reply:
            raise BrowserError(f"script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def click(self, selector: str) -> None:
        """Click the middle of the element as a user would: a real mouse press and release at that point, so a
        control that is hidden or covered by something else is not clicked."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        if box is None:
            raise BrowserError(f"no element matches {selector!r}")
        for kind in ("mousePressed", "mouseReleased"):
            self.browser.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
                self.session,
            )

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries (failed loads, CSP, ...) in this tab."""
        out = []
        for e in self._events():
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                out.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a)) for a in p["args"]))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(f"log ({p['entry']['source']}): {p['entry']['text']} {p['entry'].get('url', '')}")
        return out

    def requests(self) -> list[str]:
        """Every URL the tab requested (the document itself included)."""
        return [e["params"]["request"]["url"] for e in self._events() if e["method"] == "Network.requestWillBeSent"]

    def fonts(self, selector: str) -> list[str]:
        """Family names of the platform fonts that rendered the text of the first element matching selector."""
        root = self.browser.send("DOM.getDocument", {"depth": 0}, self.session)["root"]["nodeId"]
        node = self.browser.send("DOM.querySelector", {"nodeId": root, "selector": selector}, self.session)
        if not node.get("nodeId"):
            raise BrowserError(f"no element matches {selector!r}")
        used = self.browser.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]}, self.session)
        return [f["familyName"] for f in used["fonts"]]

    def screenshot(self) -> bytes:
        """The viewport as PNG bytes."""
        reply = self.browser.send("Page.captureScreenshot", {"format": "png"}, self.session)
        return base64.b64decode(reply["data"])

    def pdf(self) -> bytes:
        """The page printed as the user would (print media, the page's own @page size, backgrounds on)."""
        reply = self.browser.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}, self.session)
        return base64.b64decode(reply["data"])

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.browser.send("Target.closeTarget", {"targetId": self.target})


@dataclass(frozen=True)
class Image:
    """A decoded 8-bit PNG: ``pixels`` holds ``height`` rows of ``width * channels`` bytes."""

    width: int
    height: int
    channels: int
    pixels: bytes

    def ink(self, threshold: int = 235) -> float:
        """Share of pixels with a colour channel darker than ``threshold``: 0.0 for a white page."""
        dark = bytes(1 if v < threshold else 0 for v in range(256))
        flags = self.pixels.translate(dark)
        # one bit per pixel: OR the 0/1 bytes of the colour channels (no carries), then count the ones
        mask = 0
        for c in range(3 if self.channels >= 3 else 1):
            mask |= int.from_bytes(flags[c :: self.channels], "big")
        return mask.bit_count() / (self.width * self.height)


def decode_png(data: bytes) -> Image:
    """Decode a non-interlaced 8-bit greyscale/RGB/RGBA PNG (what Chromium writes) with zlib alone."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]:
            raise ValueError(f"bad CRC in {kind!r} chunk")
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}, interlace {interlace}")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray(stride * height)
    prior = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:  # Sub
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif kind == 2:  # Up
            row = bytearray((a + b) & 0xFF for a, b in zip(row, prior, strict=True))
        elif kind == 3:  # Average
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + prior[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b = prior[i]
                c = prior[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                row[i] = (row[i] + pred) & 0xFF
        elif kind != 0:
            raise ValueError(f"bad PNG filter {kind} in row {y}")
        out[y * stride : (y + 1) * stride] = row
        prior = row
    return Image(width, height, channels, bytes(out))
