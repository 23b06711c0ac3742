-- Runs when the web fragment is written: a link to another brief, written
-- [text](brief:other-slug) or [text](brief:other-slug#section), becomes the web
-- edition's relative ../other-slug/#section (the sanitizer keeps only http(s),
-- mailto and relative addresses; the checks read the brief: links on the AST).

function Link(link)
  local rest = link.target:match("^brief:(.*)$")
  if rest then
    local slug, anchor = rest:match("^([^#]*)(.*)$")
    link.target = "../" .. slug .. "/" .. anchor
    return link
  end
end
