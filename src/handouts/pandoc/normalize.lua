-- Runs before citeproc on every brief's body:
-- 1. headings start at level 2 in every format (the title is the page's h1),
--    so a brief written with '#' sections is shifted down one level;
-- 2. when the brief cites and has placed no '::: {#refs}' div itself, a
--    References section is added at the end for citeproc to fill;
-- 3. labelled paragraphs written as bullets ('- (b) ...', as legal texts are
--    often converted) become the ordered items they are, under the item
--    they belong to (see lift_labelled_items);
-- 4. an ordered list numbered "(a)" or "a)" is wrapped in a Div whose class
--    names its numbering, since pandoc's HTML keeps only type="a" and start:
--    the stylesheets give each class a @counter-style with the parentheses;
-- 5. text pasted from a word processor reads as it was meant: '##' and a
--    no-break space is a heading, not a paragraph starting with '##', lines
--    that start with '-' and a no-break space, or with '•', are a bulleted list, and an
--    attribute value in curly quotes ({lang=“fr”}) loses the quotes;
-- 6. a writer's own References heading (by its text or its #references id)
--    is where citeproc's entries go: no second heading, no second id;
-- 7. every heading without a written {#id} is named by its text alone, its
--    note calls left out (#article-8-war-crimes), after the fixes above;
-- 8. figures are numbered: each caption starts "Figure N.", a `source="..."`
--    on the image becomes the caption's source line, and `fig-alt="..."` is
--    the image's alt text, kept apart from the caption (pandoc's convention);
-- 9. quotations typed "..." or '...' take the quotation marks of the brief's
--    language (« … » in French, „…“ in German): pandoc's writers would give
--    English ones whatever the language. Every format reads this AST.

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

-- Labelled items -------------------------------------------------------------

local ALPHABET = "abcdefghijklmnopqrstuvwxyz"
local ROMAN = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
  {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}}
-- Depth of a numbering in a legal text: 1., (a), (i).
local DEPTH = {Decimal = 1, LowerAlpha = 2, UpperAlpha = 2, LowerRoman = 3, UpperRoman = 3}

local function roman(n)
  local out = ""
  for _, pair in ipairs(ROMAN) do
    while n >= pair[1] do out, n = out .. pair[2], n - pair[1] end
  end
  return out
end

-- The label of item number n in a list of this style: 9 is "i" in LowerAlpha and
-- LowerRoman 1 is "i" too, which is how "(h)" then "(i)" continue one list.
local function label(style, n)
  if style == "LowerAlpha" or style == "UpperAlpha" then
    local letter = n >= 1 and n <= 26 and ALPHABET:sub(n, n) or ("#" .. n)
    return style == "UpperAlpha" and letter:upper() or letter
  elseif style == "LowerRoman" then
    return roman(n)
  elseif style == "UpperRoman" then
    return roman(n):upper()
  end
  return tostring(n)
end

-- Does ordered list `m` go on where `l` stops (same delimiter, next label)?
local function continues(l, m)
  return l.delimiter == m.delimiter
    and label(l.style, l.start + #l.content) == label(m.style, m.start)
end

-- Add ordered list `m` to `l`: as its next items when it continues `l` or a list
-- ending `l`'s last item; else as a sub-list of that last item when `m` is
-- one level deeper ((a) under 1., (i) under (a)) and starts at its first label.
-- Returns `l` changed, or nil.
local function attach(l, m)
  if continues(l, m) then
    l.content:extend(m.content)
    return l
  end
  local last = l.content[#l.content]
  local tail = last[#last]
  local joined = tail and tail.t == "OrderedList" and attach(tail, m)
  if joined then
    last[#last] = joined
  elseif DEPTH[m.style] and DEPTH[l.style] and DEPTH[m.style] > DEPTH[l.style] and m.start == 1 then
    last:insert(m)
  else
    return nil
  end
  l.content[#l.content] = last
  return l
end

-- A bullet list each of whose items is only an ordered list: pandoc's reading
-- of "- (b) text", a bullet holding a list that starts at (b). (An item holds
-- more than one when an inner "    - (c)" has already been joined to its (b).)
local function labelled_items(list)
  local items = pandoc.List()
  for _, item in ipairs(list.content) do
    local only = #item == 1 and item[1]
    if not (only and only.t == "OrderedList") then
      return nil
    end
    items:insert(only)
  end
  return items
end

-- Each labelled bullet list becomes ordered items, attached to the ordered
-- list just before it when they continue it or belong under its last item.
local function lift_labelled_items(blocks)
  local out = pandoc.List()
  for _, block in ipairs(blocks) do
    local items = block.t == "BulletList" and labelled_items(block)
    for _, item in ipairs(items or {block}) do
      local previous = out[#out]
      local joined = items and previous and previous.t == "OrderedList" and attach(previous, item)
      if joined then
        out[#out] = joined
      else
        out:insert(item)
      end
    end
  end
  return out
end

-- List markers ---------------------------------------------------------------

local STYLE_NAMES = {Decimal = "decimal", DefaultStyle = "decimal", LowerAlpha = "lower-alpha",
  UpperAlpha = "upper-alpha", LowerRoman = "lower-roman", UpperRoman = "upper-roman"}
local DELIMITER_NAMES = {TwoParens = "parens", OneParen = "paren"}

-- "(a)" lists in <div class="list-lower-alpha-parens">, "a)" in "...-paren".
local function mark_delimiter(list)
  local style, delimiter = STYLE_NAMES[list.style], DELIMITER_NAMES[list.delimiter]
  if style and delimiter then
    return pandoc.Div({list}, pandoc.Attr("", {"list-" .. style .. "-" .. delimiter}))
  end
end

-- Pasted text ---------------------------------------------------------------

local NBSP = "\u{00A0}"
local CURLY = {["\u{201C}"] = "\u{201D}", ["\u{2018}"] = "\u{2019}"}

local function unquoted(value)
  for open, close in pairs(CURLY) do
    if #value > #open + #close and value:sub(1, #open) == open and value:sub(-#close) == close then
      return value:sub(#open + 1, -#close - 1)
    end
  end
  return value
end

local function plain_attributes(element)
  local changed = false
  for key, value in pairs(element.attributes) do
    local plain = unquoted(value)
    if plain ~= value then element.attributes[key], changed = plain, true end
  end
  if changed then return element end
end

-- A heading's id by pandoc's own rule (auto_identifiers), from its text alone: the reader runs with that
-- extension off, because it names a heading before reading its notes, with their labels run on
-- (#article-8-war-crimesn2n3), and a link to the section would break whenever a note is added.
local function without_notes(inlines)
  return inlines:walk({Note = function() return {} end})
end

local function identifier(inlines, taken)
  local id = pandoc.structure.unique_identifier(without_notes(inlines), taken, {})
  taken[id] = true
  return id
end

local function ids_of(blocks)
  local taken = {}
  local function note(el) if el.identifier and el.identifier ~= "" then taken[el.identifier] = true end end
  blocks:walk({Header = note, Div = note, Span = note, CodeBlock = note, Code = note, Link = note, Image = note})
  return taken
end

-- '##' then a no-break space: the heading it was meant to be (with its {#id} when written).
local function pasted_heading(para)
  local first = para.content[1]
  if not first or first.t ~= "Str" then return nil end
  local hashes, rest = first.text:match("^(#+)" .. NBSP .. "(.*)$")
  if not hashes or #hashes > 6 then return nil end
  local inlines = para.content:clone()
  inlines:remove(1)
  if rest ~= "" then inlines:insert(1, pandoc.Str(rest)) end
  local last = inlines[#inlines]
  local written = last and last.t == "Str" and last.text:match("^{#([%w%-_:%.]+)}$")
  if written then
    inlines:remove(#inlines)
    while inlines[#inlines] and inlines[#inlines].t == "Space" do inlines:remove(#inlines) end
  end
  return pandoc.Header(#hashes, inlines, pandoc.Attr(written or ""))  -- named with the others, in order
end

-- A heading's {attributes} in curly quotes ({#“intro”}, {lang=“fr ca”}) that pandoc could not read as
-- attributes and left in its text: read again with straight quotes.
local STRAIGHT = {["\u{201C}"] = '"', ["\u{201D}"] = '"', ["\u{2018}"] = "'", ["\u{2019}"] = "'"}

local function trailing_braces(inlines)
  local last = inlines[#inlines]
  if not (last and last.t == "Str" and last.text:sub(-1) == "}") then return nil end
  for i = #inlines, 1, -1 do
    if inlines[i].t == "Str" and inlines[i].text:sub(1, 1) == "{" then return i end
  end
end

local function curly_heading_attributes(header)
  local start = trailing_braces(header.content)
  if not start then return nil end
  local written = pandoc.utils.stringify(pandoc.Inlines({table.unpack(header.content, start)}))
  -- an id takes no quotes ({#“intro”}), a value takes straight ones ({lang=“fr ca”})
  local plain = written:gsub("#\u{201C}(.-)\u{201D}", "#%1"):gsub("#\u{2018}(.-)\u{2019}", "#%1")
  for curly, mark in pairs(STRAIGHT) do plain = plain:gsub(curly, mark) end
  if plain == written then return nil end
  local parsed = pandoc.read("# x " .. plain, "markdown-auto_identifiers").blocks[1]
  if parsed and (parsed.t ~= "Header" or #parsed.content ~= 1) then parsed = nil end
  if not parsed then return nil end  -- braces in curly quotes, but no attributes in them
  local inlines = pandoc.Inlines({table.unpack(header.content, 1, start - 1)})
  while inlines[#inlines] and inlines[#inlines].t == "Space" do inlines:remove(#inlines) end
  header.content, header.attr = inlines, parsed.attr
  return header
end

-- Lines starting with '-' (or '*', '+') and a no-break space, or with a word processor's bullet ('•'):
-- pandoc reads one paragraph of them. An item starts the paragraph or a line of it.
local BULLET = "\u{2022}"

local function item_start(inlines, i)
  local el, after = inlines[i], inlines[i + 1]
  if not el or el.t ~= "Str" then return nil end
  local rest = el.text:match("^[-*+]" .. NBSP .. "(.*)$") or el.text:match("^" .. BULLET .. NBSP .. "(.*)$")
  if rest then return 1, rest end
  if el.text == BULLET and after and after.t == "Space" then return 2, "" end
end

local function is_break(inline)
  return inline and (inline.t == "SoftBreak" or inline.t == "LineBreak")
end

local function pasted_list(para)
  if not item_start(para.content, 1) then return nil end
  local items, current, i = {}, nil, 1
  while i <= #para.content do
    local consumed, rest = nil, nil
    if i == 1 or is_break(para.content[i - 1]) then consumed, rest = item_start(para.content, i) end
    if consumed then
      while current and is_break(current[#current]) do current:remove(#current) end
      current = pandoc.Inlines(rest ~= "" and {pandoc.Str(rest)} or {})
      table.insert(items, current)
      i = i + consumed
    else
      current:insert(para.content[i])
      i = i + 1
    end
  end
  local blocks = {}
  for _, item in ipairs(items) do table.insert(blocks, {pandoc.Plain(item)}) end
  return pandoc.BulletList(blocks)
end

-- Figures -------------------------------------------------------------------

local function inlines_of(markdown)
  local blocks = pandoc.read(markdown, "markdown-auto_identifiers").blocks
  return blocks[1] and blocks[1].content or pandoc.Inlines({})
end

-- The figure's image (pandoc's implicit figure holds one): its alt text from fig-alt, its source taken off.
local function figure_image(figure)
  local alt, source
  figure.content = figure.content:walk({Image = function(image)
    if source ~= nil or alt ~= nil then return nil end
    alt, source = image.attributes["fig-alt"], image.attributes["source"] or false
    if alt then image.caption = pandoc.Inlines({pandoc.Str(alt)}) end
    image.attributes["fig-alt"], image.attributes["source"] = nil, nil
    return image
  end})
  return source or nil
end

-- "Figure N." and the caption on one line, the source on a line of its own (print.css, web.css, epub.css).
local function numbered_caption(figure, number, source)
  local label = pandoc.Span({pandoc.Str("Figure"), pandoc.Space(), pandoc.Str(number .. ".")},
    pandoc.Attr("", {"figure-label"}))
  local first = pandoc.Inlines({label})
  local written = figure.caption.long[1]
  if written and written.content then
    first:insert(pandoc.Space())
    first:extend(written.content)
  end
  local caption = pandoc.Blocks({pandoc.Plain(first)})
  if source and source ~= "" then
    local line = pandoc.Inlines({pandoc.Str("Source:"), pandoc.Space()})
    line:extend(inlines_of(source))
    caption:insert(pandoc.Plain({pandoc.Span(line, pandoc.Attr("", {"figure-source"}))}))
  end
  figure.caption.long = caption
  return figure
end

local function number_figures(blocks)
  local count = 0
  return blocks:walk({Figure = function(figure)
    count = count + 1
    return numbered_caption(figure, count, figure_image(figure))
  end})
end

-- References ----------------------------------------------------------------

local function references_section(blocks, title)
  local wanted = pandoc.text.lower(title)
  for i, block in ipairs(blocks) do
    if block.t == "Header" and (block.identifier == "references"
        or pandoc.text.lower(pandoc.utils.stringify(block.content)) == wanted) then
      local stop = #blocks + 1
      for j = i + 1, #blocks do
        if blocks[j].t == "Header" and blocks[j].level <= block.level then stop = j; break end
      end
      return stop
    end
  end
end

local function place_references(blocks, title)
  local stop = references_section(blocks, title)
  if stop then
    blocks:insert(stop, pandoc.Div({}, pandoc.Attr("refs")))
  else
    blocks:insert(pandoc.Header(2, title, pandoc.Attr("references", {"unnumbered"})))
    blocks:insert(pandoc.Div({}, pandoc.Attr("refs")))
  end
end

-- Opening and closing marks, double then single, by primary language subtag (English: pandoc's own).
local QUOTES = {
  fr = {"«\u{202F}", "\u{202F}»", "“", "”"},
  de = {"„", "“", "‚", "‘"},
}

local function marks_of(meta)
  local lang = meta.lang and pandoc.utils.stringify(meta.lang) or ""
  local primary = lang:match("^(%a+)")
  return primary and QUOTES[primary:lower()]
end

local function quotation_marks(blocks, marks)
  return blocks:walk({Quoted = function(q)
    local double = q.quotetype == "DoubleQuote"
    local open, close = marks[double and 1 or 3], marks[double and 2 or 4]
    local inlines = pandoc.Inlines({pandoc.Str(open)})
    inlines:extend(q.content)
    inlines:insert(pandoc.Str(close))
    return inlines
  end})
end

function Pandoc(doc)
  doc.blocks = doc.blocks:walk({Para = function(para) return pasted_heading(para) or pasted_list(para) end})
  doc.blocks = doc.blocks:walk({Header = curly_heading_attributes})
  local taken = ids_of(doc.blocks)  -- the ids written, pasted ones included: no heading is named after them
  doc.blocks = doc.blocks:walk({Header = function(h)
    if h.identifier == "" then h.identifier = identifier(h.content, taken); return h end
  end})
  doc.blocks = doc.blocks:walk({Header = plain_attributes, Div = plain_attributes, Span = plain_attributes,
    CodeBlock = plain_attributes, Code = plain_attributes, Link = plain_attributes, Image = plain_attributes})
  local shift = 2 - min_heading_level(doc.blocks)
  if shift > 0 then
    doc.blocks = doc.blocks:walk({Header = function(h)
      h.level = math.min(h.level + shift, 6)
      return h
    end})
  end
  doc.blocks = doc.blocks:walk({Blocks = lift_labelled_items})
  doc.blocks = doc.blocks:walk({OrderedList = mark_delimiter})
  doc.blocks = number_figures(doc.blocks)
  local title = doc.meta["handouts-references-title"]
  if title and not has_refs_div(doc.blocks) then
    place_references(doc.blocks, pandoc.utils.stringify(title))
  end
  local marks = marks_of(doc.meta)
  if marks then doc.blocks = quotation_marks(doc.blocks, marks) end
  return doc
end
