"""Small genuine files of every kind the portal accepts, and hostile ones dressed as them."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _ooxml(main_part: str) -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", main_part: b"<document/>"})


def _opendocument(kind: str) -> bytes:
    return _zip({"mimetype": f"application/vnd.oasis.opendocument.{kind}".encode()})


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Nom", "Ville"])
    workbook.save(buffer)
    return buffer.getvalue()


GENUINE = {
    "pdf": lambda: b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    "png": lambda: _image("PNG"),
    "jpg": lambda: _image("JPEG"),
    "jpeg": lambda: _image("JPEG"),
    "webp": lambda: _image("WEBP"),
    "gif": lambda: _image("GIF"),
    "docx": lambda: _ooxml("word/document.xml"),
    "xlsx": _xlsx,
    "pptx": lambda: _ooxml("ppt/presentation.xml"),
    "odt": lambda: _opendocument("text"),
    "ods": lambda: _opendocument("spreadsheet"),
    "odp": lambda: _opendocument("presentation"),
    "zip": lambda: _zip({"lisez-moi.txt": b"Bonjour"}),
    "svg": lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    "txt": lambda: "Compte rendu de la réunion\n".encode(),
    "csv": lambda: "Nom;Ville\nÉlise;Albi\n".encode(),
}

# Pages a browser would render, and other things that are not what their name says.
HOSTILE = {
    "html": b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
    "html_lower_spaced": b"\n\n   <html>\n<script>fetch('/staff/')</script></html>",
    "html_bom": b"\xef\xbb\xbf<HTML><BODY onload=alert(1)>",
    "html_comment": b"<!-- a note --><script>alert(1)</script>",
    "html_fragment": b"<script src=//evil.test/x.js></script>",
    "html_iframe": b"<iframe src=javascript:alert(1)>",
    "svg_script": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "xml": b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>',
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64,
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
    "zip": _zip({"payload.exe": b"MZ"}),
    "pdf": b"%PDF-1.4\n%%EOF\n",
    "png": _image("PNG"),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
