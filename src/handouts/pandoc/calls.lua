-- Runs after citeproc, which turns note citations into notes: two note calls side
-- by side ("crimes[^2][^3]", or a footnote and a cited case) get a superscript
-- comma between them, so that they read as 2,3 in every format, not as 23.

local function separator()
  return pandoc.Span({pandoc.Superscript({pandoc.Str(",")})}, pandoc.Attr("", {"footnote-separator"}))
end

-- A note, or a citation citeproc has made a note of (a Cite holding only its Note).
local function is_call(inline)
  return inline and (inline.t == "Note"
    or (inline.t == "Cite" and #inline.content == 1 and inline.content[1].t == "Note"))
end

function Inlines(inlines)
  local out = pandoc.List()
  for _, inline in ipairs(inlines) do
    if is_call(inline) and is_call(out[#out]) then
      out:insert(separator())
    end
    out:insert(inline)
  end
  return out
end
