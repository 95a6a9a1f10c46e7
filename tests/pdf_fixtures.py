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
