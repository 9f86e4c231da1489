"""Which of the files beside a story may be published as they are.

A file published beside the story is served from the site's own origin, and opened
by itself it is a document of its own, outside every page's Content-Security-Policy:
an HTML page there, or an SVG with a script, runs its script as the site. So HTML
and XML of every kind are refused (by name, and by what the file starts with, since
a host may serve a file of a type it does not know as whatever its first bytes look
like), and an SVG is published only when it holds nothing that can run: no script,
no event handler, no `javascript:` address, no foreign object or element of HTML,
no style sheet that transforms it. It is read with defusedxml, which refuses entity
declarations and external references rather than expand them; an SVG it cannot read
is refused too.
"""

from __future__ import annotations

import re
import xml.sax
from io import BytesIO
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

# What static hosts serve as HTML, XHTML or XML (nginx's and Apache's mime.types),
# which browsers show as documents of the site; and compressed SVG, which cannot be
# checked without being unpacked.
DOCUMENT_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".xht", ".mht", ".mhtml",
                     ".xml", ".xsl", ".xslt", ".rss", ".atom", ".rdf", ".svgz"}
# Markup at the start of a file: what browsers sniff as HTML or XML (WHATWG MIME
# sniffing skips leading white space; a byte-order mark is skipped too).
MARKUP_START = re.compile(rb"(?:\xef\xbb\xbf)?[\t\n\x0c\r ]*<[A-Za-z!?/]")
SNIFFED = 512

SVG = "http://www.w3.org/2000/svg"
XHTML = "http://www.w3.org/1999/xhtml"
# Elements that run script, or that bring in documents which can (in any namespace).
FORBIDDEN_ELEMENTS = {"script", "foreignobject", "handler", "listener", "iframe", "embed",
                      "object", "frame", "frameset", "applet", "portal"}
# Addresses an SVG may hold in data: form: raster images, which cannot run script.
RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp|avif)[;,]")
ADDRESS_ATTRIBUTES = {"href", "src"}
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class UnsafeAsset(Exception):
    """Why the file cannot be published; `line` and `column` say where, from 1."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line, self.column = line, column


def check_asset(path: Path) -> None:
    """Raise UnsafeAsset if the file could run script on the site's origin."""
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        raise UnsafeAsset(f"a {suffix} file beside a story would be published as a page of "
                          "the site's own, able to run script outside the story's "
                          "Content-Security-Policy; it will not be published")
    if suffix == ".svg":
        check_svg(path.read_bytes())
        return
    with open(path, "rb") as file:
        start = file.read(SNIFFED)
    if MARKUP_START.match(start):
        raise UnsafeAsset("this file starts like HTML or XML, which a browser may open as "
                          "a page of the site's own; it will not be published")


def check_svg(data: bytes) -> None:
    handler = SvgChecker()
    # A DOCTYPE naming the SVG 1.1 DTD is common and harmless as long as nothing
    # outside the file is read: external entities stay off (as the two features say
    # explicitly), and any entity declared is refused.
    parser = create_parser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(handler)
    try:
        parser.parse(BytesIO(data))
    except xml.sax.SAXParseException as exc:
        raise UnsafeAsset(f"this SVG is not well-formed XML ({exc.getMessage()}); it will "
                          "not be published", exc.getLineNumber() or 1,
                          (exc.getColumnNumber() or 0) + 1) from exc
    except DefusedXmlException as exc:
        line, column = handler.position()
        raise UnsafeAsset("this SVG declares entities in its DOCTYPE, which are not "
                          "expanded; it will not be published", line, column) from exc
    if not handler.root_is_svg:
        raise UnsafeAsset("this file is not an SVG image (its root element is not <svg>)")


class SvgChecker(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.locator = None
        self.root_is_svg: bool | None = None

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    def position(self) -> tuple[int, int]:
        if self.locator is None:
            return 1, 1
        return self.locator.getLineNumber() or 1, (self.locator.getColumnNumber() or 0) + 1

    def refuse(self, what: str) -> None:
        raise UnsafeAsset(f"this SVG holds {what}, which would run as the site when the "
                          "image is opened by itself; it will not be published",
                          *self.position())

    def processingInstruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.refuse("a style sheet instruction (<?xml-stylesheet?>)")

    def startElementNS(self, name, qname, attributes) -> None:
        namespace, local = name
        if self.root_is_svg is None:
            self.root_is_svg = namespace == SVG and local == "svg"
        if local.lower() in FORBIDDEN_ELEMENTS:
            self.refuse(f"a <{local}> element")
        if namespace == XHTML:
            self.refuse(f"an HTML element (<{local}>)")
        for (attribute_namespace, attribute), value in attributes.items():
            attribute = attribute.lower()
            if attribute.startswith("on"):
                self.refuse(f"an event handler ({attribute})")
            if attribute == "attributename" and value.strip().lower().startswith("on"):
                self.refuse(f"an animation of an event handler ({value.strip()})")
            address = INVISIBLE.sub("", value).lower()
            if "javascript:" in address or "vbscript:" in address:
                self.refuse(f"a script address (in {attribute})")
            if attribute in ADDRESS_ATTRIBUTES and address.startswith("data:") and \
                    not RASTER_DATA.match(address):
                self.refuse(f"a data: address that is not an image (in {attribute})")
