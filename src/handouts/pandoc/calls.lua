-- Runs after citeproc, which turns note citations into notes: two note calls side
-- by side ("crimes[^2][^3]", or a footnote and a cited case) get a superscript
-- comma between them, so that they read as 2,3 in every format, not as 23.

local function separator()
  return pandoc.Span({pandoc.Superscript({pandoc.Str(",")})}, pandoc.Attr("", {"footnote-separator"}))
end

function Inlines(inlines)
  local out = pandoc.List()
  for _, inline in ipairs(inlines) do
    local previous = out[#out]
    if inline.t == "Note" and previous and previous.t == "Note" then
      out:insert(separator())
    end
    out:insert(inline)
  end
  return out
end
