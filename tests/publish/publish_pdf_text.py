"""Reading PDFs back the way an applicant-tracking system would: text, links, pages."""

import io

import pypdf


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def link_targets(pdf: bytes) -> list[str]:
    targets = []
    for page in reader(pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def in_order(haystack: str, needles: list[str]) -> bool:
    """True when every needle occurs in haystack, each after the one before."""
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


def has_javascript(pdf: bytes) -> bool:
    return b"/JavaScript" in pdf or b"/JS " in pdf or b"/JS(" in pdf or b"/JS<" in pdf
