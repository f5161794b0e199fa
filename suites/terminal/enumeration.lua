-- The DUT's readers and slots as PC/SC shows them: the contact reader, the
-- contactless one, and the PSAM slots counted against the DUT class.
suite {
  title = "Terminal readers and slots",
  standard = "DB43/T 3.3 §6.3.4-6.3.6; GF 61/T PT002-2014 §8",
  roles = { "card", "contactless", "sam1", "sam2", "sam3", "sam4", "sam5", "sam6", "sam7", "sam8" },
}

local term = require "terminal"

test {
  id = "terminal.enum.readers",
  title = "Contact and contactless readers appear under PC/SC",
  clause = "GF 61/T PT002-2014 §8.1, §8.2",
  roles = { "card" },
  run = function(t)
    local names = t.roles.card:readers()
    t:note("readers", table.concat(names, "; "))
    t:measure { name = "pcsc_readers", value = #names, unit = "readers", min = 1 }
    local contact = tostring(t.roles.card):match("on '(.*)'$")
    t:ok(contact ~= nil, "the contact reader has a name", tostring(t.roles.card))
    if not t.station.roles.contactless then
      t:note("contactless", "no contactless role on this station")
      return
    end
    local cl = t.roles.contactless
    local picc = tostring(cl):match("on '(.*)'$")
    t:ok(picc ~= nil and picc ~= contact, "contactless reader is its own PC/SC reader",
         "contact '" .. tostring(contact) .. "', contactless '" .. tostring(picc) .. "'")
  end,
}

test {
  id = "terminal.enum.psam",
  title = "PSAM slots: every declared slot present with a card, count per DUT class",
  clause = "DB43/T 3.3 §6.3.4 表4 (9), §6.3.5 表5 (6); GF 61/T PT002-2014 §8.1, §8.2",
  roles = { "card" },
  run = function(t)
    local rule = term.psam_rule(t)
    t:note("dut_class", t.station.dut.class or "(none)")
    t:note("psam_rule", string.format(">= %d (%s)", rule.min, rule.clause))
    local names = t.roles.card:readers()
    local found, missing = {}, {}
    for _, s in ipairs(term.sam_roles(t)) do
      local glob = s.opts.reader
      local reader = glob and term.find_reader(names, glob)
      if glob and not reader then
        missing[#missing + 1] = s.name
        t:fail(string.format("%s: no PC/SC reader matches '%s'", s.name, glob),
               "readers: " .. table.concat(names, "; "))
      else
        local ok, atr = pcall(function() return t.roles[s.name]:atr() end)
        if t:ok(ok, s.name .. ": a PSAM answers in the slot", tostring(atr)) then
          found[#found + 1] = s.name
        end
      end
    end
    t:note("psam_present", table.concat(found, ", "))
    if #missing > 0 then t:note("psam_missing", table.concat(missing, ", ")) end
    t:measure { name = "psam_slots", value = #found, unit = "slots", min = rule.min }
  end,
}
