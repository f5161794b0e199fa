-- tests/card.t: a card method called on something that is not the card
-- (a suite's slip, or a hostile suite dressing a table in the card's
-- metatable) fails that test with "bench.pcsc expected", never reaches the
-- driver with a pointer into the wrong object; the card itself still works.
suite { title = "Card methods called on what is not a card", standard = "none (a test of bench)" }

local function refused(t, what, self)
  local card = t.roles.card
  local ok, err = pcall(card.transmit, self, "00A40000023F0000")
  t:ok(not ok and tostring(err):find("bench.pcsc expected", 1, true), what, tostring(err))
end

test { id = "self.table", title = "a plain table as self", clause = "none (a test of bench)",
  roles = { "card" },
  run = function(t) refused(t, "a table is refused", {}) end }

test { id = "self.other", title = "a table with another metatable as self",
  clause = "none (a test of bench)", roles = { "card" },
  run = function(t) refused(t, "a table with a metatable is refused", setmetatable({}, {})) end }

test { id = "self.dressed", title = "a table dressed in the card's metatable as self",
  clause = "none (a test of bench)", roles = { "card" },
  run = function(t)
    refused(t, "a table with the card's own metatable is refused",
      setmetatable({}, getmetatable(t.roles.card)))
    refused(t, "so is nothing at all", nil)
    local r = t.roles.card:transmit("00A40000023F0000")
    t:ok(r.sw == "9000" or r.sw:sub(1, 2) == "61", "the card still answers", r.sw)
  end }
