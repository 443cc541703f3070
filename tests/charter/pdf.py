"""Just enough PDF reading to test the printed poster: count pages and pull out the text.

Chromium (Skia) writes each page's text as glyph codes in compressed content streams, with a
ToUnicode map per font; this follows those maps. No dependency needed for a test helper.
"""

import re
import zlib

OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)


def page_count(data: bytes) -> int:
    """Page objects (not the /Pages tree node)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    out = {}
    for m in OBJ.finditer(data):
        body = m.group(2)
        stream = None
        s = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        if s:
            raw = s.group(1)
            stream = zlib.decompress(raw) if b"/FlateDecode" in body[: s.start()] else raw
            body = body[: s.start()]
        out[int(m.group(1))] = (body, stream)
    return out


def _cmap(text: bytes) -> tuple[dict[int, str], int]:
    mapping: dict[int, str] = {}
    width = 2
    space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
    if space:
        width = len(space.group(1)) // 2

    def uni(hexstr: bytes) -> str:
        return bytes.fromhex(hexstr.decode()).decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = uni(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block
        ):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith(b"["):
                for i, d in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", rest)):
                    mapping[lo + i] = uni(d)
            else:
                start = int(rest[1:-1], 16)
                for i in range(hi - lo + 1):
                    mapping[lo + i] = chr(start + i)
    return mapping, width


def text(data: bytes) -> str:
    """All text shown on all pages, in content order."""
    objs = _objects(data)
    fonts = {}
    for num, (body, _) in objs.items():
        m = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", body)
        if b"/Font" in body and m:
            cmap_stream = objs.get(int(m.group(1)), (b"", None))[1] or b""
            fonts[num] = _cmap(cmap_stream)
    chunks = []
    for body, _ in objs.values():
        if not re.search(rb"/Type\s*/Page(?![s\w])", body):
            continue
        names = {
            n: int(ref) for n, ref in re.findall(rb"/(\w+)\s+(\d+)\s+0\s+R", _font_dict(body, objs))
        }
        for ref in re.findall(rb"/Contents\s+(\d+)\s+0\s+R", body):
            content = objs[int(ref)][1] or b""
            current = ({}, 2)
            for tok in re.finditer(
                rb"/(\w+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj", content, re.S
            ):
                if tok.group(1):
                    current = fonts.get(names.get(tok.group(1), -1), ({}, 2))
                    continue
                hexes = (
                    re.findall(rb"<([0-9A-Fa-f]*)>", tok.group(2))
                    if tok.group(2)
                    else [tok.group(3)]
                )
                mapping, width = current
                for h in hexes:
                    raw = bytes.fromhex(h.decode())
                    for i in range(0, len(raw), width):
                        code = int.from_bytes(raw[i : i + width], "big")
                        chunks.append(mapping.get(code, ""))
                chunks.append(" ")
    return "".join(chunks)


def _font_dict(page_body: bytes, objs) -> bytes:
    m = re.search(rb"/Font\s*<<(.*?)>>", page_body, re.S)
    if m:
        return m.group(1)
    r = re.search(rb"/Resources\s+(\d+)\s+0\s+R", page_body)
    if r:
        return _font_dict(objs[int(r.group(1))][0], objs)
    return b""


def squash(s: str) -> str:
    """Text without whitespace: the PDF places words by position, not always with spaces."""
    return re.sub(r"\s+", "", s)
