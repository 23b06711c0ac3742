-- Runs before citeproc on every brief's body:
-- 1. headings start at level 2 in every format (the title is the page's h1),
--    so a brief written with '#' sections is shifted down one level;
-- 2. when the brief cites and has placed no '::: {#refs}' div itself, a
--    References section is added at the end for citeproc to fill.

local function min_heading_level(blocks)
  local min = 6
  blocks:walk({Header = function(h) if h.level < min then min = h.level end end})
  return min
end

local function has_refs_div(blocks)
  local found = false
  blocks:walk({Div = function(d) if d.identifier == "refs" then found = true end end})
  return found
end

function Pandoc(doc)
  local shift = 2 - min_heading_level(doc.blocks)
  if shift > 0 then
    doc.blocks = doc.blocks:walk({Header = function(h)
      h.level = math.min(h.level + shift, 6)
      return h
    end})
  end
  local title = doc.meta["handouts-references-title"]
  if title and not has_refs_div(doc.blocks) then
    doc.blocks:insert(pandoc.Header(2, pandoc.utils.stringify(title),
      pandoc.Attr("references", {"unnumbered"})))
    doc.blocks:insert(pandoc.Div({}, pandoc.Attr("refs")))
  end
  return doc
end
