"""Tools stage: WordprocessingML's element order, which Word enforces (a part out of order is "unreadable")."""
from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# ECMA-376 Part 1, the sequences of the elements this pipeline edits (their children, in schema order).
ORDER: dict[str, tuple[str, ...]] = {
    "style": ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
              "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
              "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
            "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
            "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
            "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
            "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
            "lang", "eastAsianLayout", "specVanish", "oMath"),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tblStylePr": ("pPr", "rPr", "tblPr", "trPr", "tcPr"),
    "p": ("pPr",),
    "tr": ("tblPrEx", "trPr", "tc", "customXml", "sdt", "bookmarkStart", "bookmarkEnd"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
             "tblCellSpacing", "jc", "hidden"),
    "font": ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig", "embedRegular", "embedBold",
             "embedItalic", "embedBoldItalic"),
    "settings": ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                 "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                 "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
                 "saveTrueTypeFonts", "saveSubsetFonts"),
}


def local(tag: str) -> str:
    return tag.split("}", 1)[-1]


def child(parent, name: str, make):
    """`parent`'s child w:`name`, made with `make(qualified name)` and put where the schema's order wants it
    when missing: before the first child that comes after it in that order."""
    found = parent.find(f"{{{W}}}{name}")
    if found is not None:
        return found
    element = make(f"{{{W}}}{name}")
    order = ORDER.get(local(parent.tag), ())
    later = set(order[order.index(name) + 1:]) if name in order else set()
    following = next((c for c in parent if isinstance(c.tag, str) and local(c.tag) in later), None)
    if following is None:
        parent.append(element)
    else:
        following.addprevious(element)
    return element


def out_of_order(root) -> list[str]:
    """Every element of `root` whose known children are not in the schema's order (what Word refuses)."""
    found = []
    for element in root.iter():
        order = ORDER.get(local(element.tag)) if isinstance(element.tag, str) else None
        if not order:
            continue
        places = [order.index(local(c.tag)) for c in element if isinstance(c.tag, str) and local(c.tag) in order]
        if places != sorted(places):
            found.append(f"{local(element.tag)}: {', '.join(local(c.tag) for c in element)}")
    return found
