#!/usr/bin/env python3
"""Edit-R1 rewards for Flow-GRPO, from the reward service (`edit-r1 serve`), standard library only.

The service speaks JSON over HTTP, so this file needs no torch, no PIL and no pickle. Use it like
Flow-GRPO's own reward factories:

    from flow_grpo_reward import edit_r1_score
    score_fn = edit_r1_score("http://reward-host:8080")
    rewards, info = score_fn(images, prompts, metadata)   # rewards[i] in [0, 1], in input order

Inputs, one entry per edited image:
  images[i]    the edit: PNG/JPEG/WebP bytes, a file path, a PIL image, a numpy array (HWC or CHW,
               uint8 or float in [0, 1]) or a torch tensor; a batch tensor (NCHW) is split along N.
  prompts[i]   the edit instruction.
  metadata[i]  a dict with:
    'source'       (required) the source image: a file path, bytes, a PIL image, a numpy array, or
                   a data URL / http(s) URL string the server accepts (URLs need its allow-list).
    'instruction'  (optional) the instruction, when it differs from prompts[i].
    'principles'   (optional) [{'question': ..., 'category': ...}]; the server decomposes the
                   instruction itself (once per source and instruction) when absent.

Edits that share (source, instruction) go to the server as one item: one GRPO group, whose
principles are decomposed once. The reward is the RRM's final score / 10. The API key is read from
EDIT_R1_KEY. A busy server (429) or one not ready (503) is retried after the `retry-after` it sends;
anything else raises RewardServiceError: a reward is never made up.

Self-test against a fake server: python3 examples/flow_grpo_reward.py --self-test
"""

import base64
import email.utils
import io
import json
import os
import random
import struct
import sys
import time
import urllib.error
import urllib.request
import zlib

RETRIED_STATUSES = (429, 503)
RETRY_AFTER_CAP_S = 60.0


class RewardServiceError(RuntimeError):
    """The service refused the request or answered something that is not a reward for every edit."""


def _png(array):
    """Encodes a uint8 array (H, W) or (H, W, C) with C in 1-4 as PNG, with zlib alone."""
    height, width = array.shape[0], array.shape[1]
    channels = 1 if array.ndim == 2 else array.shape[2]
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    raw = array.tobytes()
    stride = width * channels
    rows = b"".join(b"\x00" + raw[y * stride:(y + 1) * stride] for y in range(height))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")


def _array_to_png(array):
    """Flow-GRPO hands over float CHW tensors in [0, 1]; the service wants an ordinary image."""
    if array.ndim == 3 and array.shape[0] in (1, 3, 4) and array.shape[-1] not in (1, 3, 4):
        array = array.transpose(1, 2, 0)
    if array.dtype.kind == "f":
        array = (array.clip(0, 1) * 255).round()
    return _png(array.astype("uint8"))


def _sniff_mime(data):
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"GIF8"):
        return "image/gif"
    return None


def to_image_ref(image):
    """An image as the service takes it: a data URL (or bare base64 for unknown bytes), or a URL as given."""
    if isinstance(image, str):
        if image.startswith(("data:", "http://", "https://")):
            return image
        with open(image, "rb") as f:
            data = f.read()
    elif isinstance(image, (bytes, bytearray, memoryview)):
        data = bytes(image)
    elif hasattr(image, "save") and hasattr(image, "mode"):  # a PIL image
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        data = buffer.getvalue()
    elif hasattr(image, "detach"):  # a torch tensor
        data = _array_to_png(image.detach().cpu().numpy())
    elif hasattr(image, "shape") and hasattr(image, "dtype"):  # a numpy array
        data = _array_to_png(image)
    else:
        raise TypeError(f"cannot send an image of type {type(image).__name__}: give bytes, a path, a PIL image or an array")
    encoded = base64.b64encode(data).decode("ascii")
    mime = _sniff_mime(data)
    return f"data:{mime};base64,{encoded}" if mime else encoded


def _retry_after_s(value, attempt):
    """The wait the server asked for (seconds or an HTTP date), else jittered backoff: 0.5 s doubling, 8 s cap."""
    if value:
        try:
            return min(max(0.0, float(value)), RETRY_AFTER_CAP_S)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value).timestamp()
                return min(max(0.0, when - time.time()), RETRY_AFTER_CAP_S)
            except (TypeError, ValueError):
                pass
    return random.random() * min(8.0, 0.5 * 2**attempt)


def _error_detail(text):
    try:
        error = json.loads(text)["error"]
        return f"{error['type']}: {error['message']}"
    except (ValueError, KeyError, TypeError):
        return text.strip()[:200] or "(empty body)"


def post_json(url, payload, api_key=None, timeout=600.0, max_retries=3):
    """POSTs JSON, retrying 429/503 and refused connections; returns the decoded answer."""
    body = json.dumps(payload).encode("utf-8")
    headers = {"content-type": "application/json", "accept": "application/json"}
    if api_key:
        headers["authorization"] = f"Bearer {api_key}"
    for attempt in range(max_retries + 1):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            if error.code in RETRIED_STATUSES and attempt < max_retries:
                time.sleep(_retry_after_s(error.headers.get("retry-after"), attempt))
                continue
            raise RewardServiceError(f"{url}: HTTP {error.code} {_error_detail(text)}") from None
        except urllib.error.URLError as error:
            if attempt < max_retries and isinstance(error.reason, ConnectionError):
                time.sleep(_retry_after_s(None, attempt))
                continue
            raise RewardServiceError(f"{url}: could not connect ({error.reason}); is 'edit-r1 serve' running?") from None
        try:
            return json.loads(text)
        except ValueError:
            raise RewardServiceError(f"{url}: the answer is not JSON: {text[:200]}") from None


def edit_r1_score(base_url="http://localhost:8080", api_key=None, samples=None, timeout=600.0, max_retries=3):
    """A Flow-GRPO reward function fn(images, prompts, metadata) -> (rewards, {}) backed by the service."""
    url = base_url.rstrip("/") + "/v1/rewards"
    key = api_key if api_key is not None else os.environ.get("EDIT_R1_KEY")

    def _fn(images, prompts, metadata):
        if hasattr(images, "detach") or (hasattr(images, "shape") and getattr(images, "ndim", 0) == 4):
            images = list(images)  # a batch tensor or array: one entry per edit
        if not (len(images) == len(prompts) == len(metadata)):
            raise ValueError(f"got {len(images)} images, {len(prompts)} prompts and {len(metadata)} metadata entries")
        items, where, sources = [], [], {}
        groups = {}
        for i, (image, prompt, meta) in enumerate(zip(images, prompts, metadata)):
            if "source" not in meta:
                raise ValueError(f"metadata[{i}] has no 'source': give the source image of each edit")
            source = meta["source"]
            # A source repeated across the group (the same path or bytes) is read and encoded once.
            cache_key = source if isinstance(source, (str, bytes)) else id(source)
            if cache_key not in sources:
                sources[cache_key] = to_image_ref(source)
            instruction = meta.get("instruction") or prompt
            group = (sources[cache_key], instruction)
            if group not in groups:
                groups[group] = len(items)
                item = {"id": str(len(items)), "source": group[0], "edited": [], "instruction": instruction}
                if meta.get("principles"):
                    item["principles"] = meta["principles"]
                items.append(item)
            item = items[groups[group]]
            where.append((groups[group], len(item["edited"])))
            item["edited"].append(to_image_ref(image))
        payload = {"items": items}
        if samples:
            payload["samples"] = samples
        answer = post_json(url, payload, key, timeout, max_retries)
        try:
            results = answer["results"]
            rewards = [float(results[k]["rewards"][j]["reward"]) for k, j in where]
        except (KeyError, IndexError, TypeError, ValueError):
            raise RewardServiceError(f"{url}: the answer has no reward for every edit: {json.dumps(answer)[:300]}") from None
        return rewards, {}

    return _fn


def _self_test():
    """Runs the reward function against a fake service: grouping, order, the key and a 429 retry."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class FakeService(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            seen.append((self.headers.get("authorization"), body))
            if len(seen) == 1:
                self._send(429, {"error": {"type": "too_many_requests", "message": "queue full"}}, {"retry-after": "0"})
                return
            # The score of an edit is the digit its fake bytes end with, so order can be checked.
            results = [
                {"id": item["id"], "rewards": [{"reward": int(base64.b64decode(e)[-1:]) / 10} for e in item["edited"]]}
                for item in body["items"]
            ]
            self._send(200, {"results": results})

        def _send(self, status, payload, headers=None):
            data = json.dumps(payload).encode()
            self.send_response(status)
            for name, value in {"content-type": "application/json", **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        score = edit_r1_score(f"http://127.0.0.1:{server.server_address[1]}", api_key="k-1")
        images = [b"edit-1", b"edit-2", b"edit-3", b"edit-4"]
        metadata = [{"source": b"source-a"}, {"source": b"source-b"}, {"source": b"source-a"}, {"source": b"source-b"}]
        rewards, info = score(images, ["make it red"] * 4, metadata)
        assert rewards == [0.1, 0.2, 0.3, 0.4], rewards
        assert info == {}
        assert len(seen) == 2, "the 429 was retried once"
        auth, body = seen[1]
        assert auth == "Bearer k-1", auth
        assert [len(item["edited"]) for item in body["items"]] == [2, 2], "edits grouped by source"
    finally:
        server.shutdown()
    try:
        import numpy
    except ImportError:
        print("self-test passed (numpy absent: array encoding not checked)")
        return
    chw = numpy.zeros((3, 2, 5), dtype="float32")
    chw[0] = 1.0  # red
    png = base64.b64decode(to_image_ref(chw).split(",", 1)[1])
    width, height = struct.unpack(">II", png[16:24])
    idat_length = struct.unpack(">I", png[33:37])[0]
    rows = zlib.decompress(png[41:41 + idat_length])
    assert (width, height) == (5, 2), (width, height)
    assert rows[:4] == b"\x00\xff\x00\x00", rows[:4]  # filter byte, then the first pixel: red
    print("self-test passed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        _self_test()
    else:
        print(__doc__)
