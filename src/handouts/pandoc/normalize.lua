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
--    the stylesheets give each class a @counter-style with the parentheses.

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

function Pandoc(doc)
  local shift = 2 - min_heading_level(doc.blocks)
  if shift > 0 then
    doc.blocks = doc.blocks:walk({Header = function(h)
      h.level = math.min(h.level + shift, 6)
      return h
    end})
  end
  doc.blocks = doc.blocks:walk({Blocks = lift_labelled_items})
  doc.blocks = doc.blocks:walk({OrderedList = mark_delimiter})
  local title = doc.meta["handouts-references-title"]
  if title and not has_refs_div(doc.blocks) then
    doc.blocks:insert(pandoc.Header(2, pandoc.utils.stringify(title),
      pandoc.Attr("references", {"unnumbered"})))
    doc.blocks:insert(pandoc.Div({}, pandoc.Attr("refs")))
  end
  return doc
end
