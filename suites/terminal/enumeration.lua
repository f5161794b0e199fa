-- The DUT's readers and slots as PC/SC shows them: the contact reader, the
-- contactless one, and the PSAM slots counted against the DUT class.
suite {
  title = "Terminal readers and slots",
  standard = "DB43/T 3.3 §6.3.4-6.3.6; GF 61/T PT002-2014 §8",
  roles = { "card", "contactless", "sam1", "sam2", "sam3", "sam4", "sam5", "sam6", "sam7", "sam8" },
}

local term = require "terminal"

-- The PC/SC reader a role is connected to ("... on 'NAME'").
local function reader_of(role)
  return tostring(role):match("on '(.*)'$")
end

test {
  id = "terminal.enum.readers",
  title = "Contact and contactless readers appear under PC/SC",
  title_zh = "接触式与非接触式读卡器在 PC/SC 下可见",
  clause = "GF 61/T PT002-2014 §8.1, §8.2",
  roles = { "card" },
  run = function(t)
    local names = t.roles.card:readers()
    t:note("readers", table.concat(names, "; "))
    t:measure { name = "pcsc_readers", value = #names, unit = "readers", min = 1 }
    local contact = reader_of(t.roles.card)
    t:ok(contact ~= nil, "the contact reader has a name", tostring(t.roles.card))
    if not t.station.roles.contactless then
      t:note("contactless", "no contactless role on this station")
      return
    end
    local cl = t.roles.contactless
    local picc = reader_of(cl)
    t:ok(picc ~= nil and picc ~= contact, "contactless reader is its own PC/SC reader",
         "contact '" .. tostring(contact) .. "', contactless '" .. tostring(picc) .. "'")
  end,
}

-- Whether role s's slot is a PSAM slot of its own: not the reader of the
-- card or contactless role, nor one an earlier samN counted (a role without
-- `reader:` opens the first reader, and a glob may match another slot's).
-- taken: reader name -> role that has it.
local function own_slot(t, s, taken)
  local name = reader_of(t.roles[s.name])
  if not name then
    return t:ok(false, s.name .. ": its PC/SC reader has a name", tostring(t.roles[s.name]))
  end
  if taken[name] then
    t:fail(string.format("%s: its reader '%s' is %s's: not a slot of its own", s.name, name,
                         taken[name]))
    return false
  end
  taken[name] = s.name
  return true
end

test {
  id = "terminal.enum.psam",
  title = "PSAM slots: every declared slot present with a card, each its own reader, count per DUT class",
  title_zh = "PSAM 卡座：每个声明的卡座均在位且有卡、各为独立读卡器，数量符合设备类别",
  clause = "DB43/T 3.3 §6.3.4 表4 (9), §6.3.5 表5 (6); GF 61/T PT002-2014 §8.1, §8.2",
  roles = { "card" },
  run = function(t)
    local rule = term.psam_rule(t)
    t:note("dut_class", t.station.dut.class or "(none)")
    t:note("psam_rule", string.format(">= %d (%s)", rule.min, rule.clause))
    -- bench sees a PSAM slot only through a sam role; a terminal's slots
    -- may sit behind its own SDK, not PC/SC: none declared is a set-up the
    -- test cannot judge, not a terminal with no slots.
    if #term.sam_roles(t) == 0 then
      return t:inconclusive("no PSAM slot declared: the station has no sam1.. role, so bench "
                            .. "sees none of the DUT's slots; declare each slot as a role "
                            .. "(docs/station.md) to count them")
    end
    local names = t.roles.card:readers()
    local found, missing, taken = {}, {}, {}
    taken[reader_of(t.roles.card) or ""] = "card"
    if t.station.roles.contactless then
      taken[reader_of(t.roles.contactless) or ""] = "contactless"
    end
    for _, s in ipairs(term.sam_roles(t)) do
      local glob = s.opts.reader
      local reader = glob and term.find_reader(names, glob)
      if glob and not reader then
        missing[#missing + 1] = s.name
        t:fail(string.format("%s: no PC/SC reader matches '%s'", s.name, glob),
               "readers: " .. table.concat(names, "; "))
      else
        local ok, atr = pcall(function() return t.roles[s.name]:atr() end)
        if t:ok(ok, s.name .. ": a PSAM answers in the slot", tostring(atr)) and
            own_slot(t, s, taken) then
          found[#found + 1] = s.name
        end
      end
    end
    t:note("psam_present", table.concat(found, ", "))
    if #missing > 0 then t:note("psam_missing", table.concat(missing, ", ")) end
    t:measure { name = "psam_slots", value = #found, unit = "slots", min = rule.min }
  end,
}

-- Supply classes (ISO/IEC 7816-3 §5.1.3: A 5 V, B 3 V, C 1.8 V). A slot
-- activates a card at one class and moves up until the card answers
-- (§6.2.4); the class indicator of the ATR (§8.3) says which classes the
-- card takes. PC/SC does not report the supply voltage, so the lab proves
-- a class in a slot with a PSAM that takes that class only, declared on its
-- slot's role (`psam_class: C`): if it answers, the slot gave that class.
local VOLTS = { A = "5 V", B = "3 V", C = "1.8 V" }

-- The PSAM in slot s, which takes class `want` only, answers and says so:
-- proven[s.name][want] then. swapped: the operator just put it there, so
-- the role reconnects to it first (pcscd sees the swap within a poll).
-- Returns false when a check failed.
local function psam_class(t, s, names, proven, want, swapped)
  local reader = s.opts.reader and term.find_reader(names, s.opts.reader)
  if s.opts.reader and not reader then
    t:fail(string.format("%s: no PC/SC reader matches '%s'", s.name, s.opts.reader))
    return false
  end
  local atr_of = function(role) return role:atr() end
  local ok, atr
  if swapped then
    ok, atr = term.after_swap(t, s.name, atr_of)
  else -- opening the role connects: a mute slot raises
    ok, atr = pcall(function() return atr_of(t.roles[s.name]) end)
  end
  if not t:ok(ok, string.format("%s: the class %s (%s) PSAM powers up and answers", s.name,
                                want, VOLTS[want]), tostring(atr)) then
    return false
  end
  local a, why = bench.atr.parse(atr)
  if not t:ok(a ~= nil, s.name .. ": its ATR parses", why) then return false end
  if a.classes == "" then
    t:note(s.name .. "_class", "no class indicator in the ATR: the class it runs at is unknown")
    return true
  end
  if not t:ok(a.classes:find(want, 1, true) ~= nil,
              string.format("%s: the ATR's class indicator includes %s", s.name, want),
              "class indicator: " .. a.classes .. " (ATR " .. atr .. ")") then
    return false
  end
  local key = s.name .. "_class" .. (swapped and "_" .. want or "")
  if #a.classes == 1 then
    proven[s.name][want] = true
    t:note(key, want .. " (" .. VOLTS[want] .. ")")
  else
    t:note(key, "one of " .. a.classes .. " (a multi-class PSAM proves none)")
  end
  return true
end

-- The put-back prompt naming the PSAMs the station declares.
local function psams_back(t)
  local declared = {}
  for _, s in ipairs(term.sam_roles(t)) do
    if s.opts.psam_class then declared[#declared + 1] = s.name .. ": " .. s.opts.psam_class end
  end
  return "Put back the PSAMs the station declares (" .. table.concat(declared, ", ") ..
         "). Done?"
end

-- 表5 (6) asks it of the slots ("SAM 卡座 ... 支持 1.8V，3.3V，5V"): each
-- gives every class. Class by class, the operator puts a PSAM that takes
-- that class only in each slot that has not shown it (`class_<K>`); the
-- station's PSAMs go back (`put_back`) however the test ends. A class not
-- put in a slot stays unproven there: inconclusive, never a pass.
local function each_slot(t, slots, names, proven)
  local ask = term.swaps(t, psams_back(t))
  for _, k in ipairs { "A", "B", "C" } do
    local need, list = {}, {}
    for _, s in ipairs(slots) do
      if not proven[s.name][k] then need[#need + 1], list[#list + 1] = s, s.name end
    end
    if #need > 0 then
      local where = table.concat(list, ", ")
      if ask("class_" .. k, string.format(
            "Put a PSAM that takes class %s (%s) only in each of %s. Done? (n: class %s " ..
            "stays unproven there)", k, VOLTS[k], where, k)) then
        for _, s in ipairs(need) do psam_class(t, s, names, proven, k, true) end
      else
        t:inconclusive(string.format("表5 (6): class %s (%s) not proven in %s: no PSAM of " ..
                                     "that class put there", k, VOLTS[k], where))
      end
    end
  end
end

test {
  id = "terminal.psam.classes",
  title = "PSAM slots power PSAMs of each supply class (5 V, 3 V, 1.8 V)",
  title_zh = "PSAM 卡座支持各电压类别（5 V、3 V、1.8 V）的 PSAM",
  clause = "DB43/T 3.3 §6.3.5 表5 (6); ISO/IEC 7816-3 §5.1.3, §6.2.4, §8.3",
  roles = { "card" },
  -- A run that died while the operator swapped PSAMs: asked again.
  rest_at_resume = function(t) term.ask_back(t, psams_back(t)) end,
  run = function(t)
    local names = t.roles.card:readers()
    local proven, slots, good = {}, {}, true
    for _, s in ipairs(term.sam_roles(t)) do
      proven[s.name] = {}
      if s.opts.psam_class then
        slots[#slots + 1] = s
        good = psam_class(t, s, names, proven, s.opts.psam_class, false) and good
      end
    end
    if #slots == 0 then
      t:skip("no sam role declares psam_class (the class of the PSAM put in its slot)")
    end
    -- A slot that failed its own PSAM fails the test: no swap asked then.
    if t.station.dut.class == "document-camera" and good then
      each_slot(t, slots, names, proven)
    end
    local n = 0
    for _, s in ipairs(slots) do
      for _ in pairs(proven[s.name]) do n = n + 1 end
    end
    t:note("classes_proven", n .. " of " .. 3 * #slots .. " (slot, class)")
  end,
}
