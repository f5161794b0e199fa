-- Encoding while printing: DB43/T 3.3 表1 item 2, "支持接触式、非接触式模块并行
-- 工作，打印机自身工作时，对读、写模块的工作没有影响": the contact and the
-- contactless modules work side by side, and printing does not disturb
-- them. While one card prints, each module the station has (`card`, and
-- `contactless` where present) runs its own loop of SELECT MF and READ
-- RECORD of EF05 record 1, in parallel branches; every answer must be the
-- one it gave before the print, data included. The APDU time distribution
-- of each is reported.
--
-- The clause says 读、写 of both modules (具有接触式、非接触式 IC 卡读、写模块):
-- each also writes. Every other pass of a module's loop updates 8 bytes of
-- the SSSE binary EF its card's profile declares (sm_binary_sfi, the file
-- the card suites update; the role's own card_profile, else the `card`
-- role's: two cards of one issue) under secure messaging with the key
-- file's ssse.maint of that module's role (`card`, `contactless`: each card
-- its own keys), a new value each time, and reads them back: a write refused, or one
-- answered 9000 but not stored, is an error (`write_errors`,
-- `write_errors_contactless`). The file's first 8 bytes are put back after
-- the print. A module whose role has no such file or key cannot show its
-- write: its reads are judged and the test ends inconclusive, naming what
-- is missing.
--
-- A single-path printer holds one card: its module in the card path (the
-- contact encoder, say) has the card being printed and nothing to read
-- while it prints, and the clause asks no module to do the impossible. A
-- module the station marks `in_card_path: true` is left out, noted; with
-- every module in the path the test SKIPs, saying so. A station without
-- one of the two roles cannot show the clause's side by side: what it has
-- is watched and judged, and the test ends inconclusive, naming the one
-- missing (a failure it saw still fails).
local P = require "printerlib"
local apdu = require "apdu"

suite {
  title = "Card printer: encoding while printing",
  standard = "DB43/T 3.3",
}

local SELECT_MF, READ_EF05 = "00A40000023F00", "00B2012C00"

-- What role's module writes: {sfi=, key=, read= (READ BINARY of its
-- first 8 bytes by SFI)}, or nil and why the station cannot show a write.
local function write_target(t, role)
  local p = t.station.profiles[role] or t.station.card_profile
  local sfi = p and p.sm_binary_sfi
  if not sfi then
    return nil, string.format("the card profile %sdeclares no SSSE binary file the card takes "
                              .. "updates of (sm_binary_sfi)", p and p.path .. " " or "")
  end
  local ok, key = pcall(bench.keys.get, role, "ssse.maint")
  if not ok then
    return nil, "the key file has no " .. role .. " key ssse.maint (the SSSE's maintenance "
                .. "key of its card, which MACs its updates)"
  end
  return { sfi = sfi, key = key, read = string.format("00B0%02X0008", 0x80 | sfi) }
end

-- The first 8 bytes of w's file set to data under secure messaging, and
-- read back; nil when they hold data, else what went wrong.
local function write_once(card, w, data)
  local r = card:transmit(apdu.select_name("SSSE"))
  if r.sw ~= "9000" then return "SELECT SSSE: SW " .. r.sw end
  r = card:transmit("0084000004")
  if r.sw ~= "9000" then return "GET CHALLENGE: SW " .. r.sw end
  r = card:transmit(bench.crypto.sm_wrap(0x00, 0xD6, 0x80 | w.sfi, 0x00, data, w.key, r.data))
  if r.sw ~= "9000" then return "UPDATE BINARY under SM: SW " .. r.sw end
  r = card:transmit(w.read)
  if r.sw ~= "9000" or r.data ~= data then
    return string.format("read back: SW %s data %s, written %s", r.sw, r.data, data)
  end
end

-- The file's first 8 bytes now (to put back), or nil and why not.
local function read_written(card, w)
  local s = card:transmit(apdu.select_name("SSSE"))
  if s.sw ~= "9000" then return nil, "SELECT SSSE: SW " .. s.sw end
  local r = card:transmit(w.read)
  if r.sw ~= "9000" then return nil, "READ BINARY: SW " .. r.sw end
  return r.data
end

-- One module's loop until done(), writing through w where given:
-- {times=, errors=, writes=, write_errors=}.
local function module_loop(t, card, suffix, done, w)
  local want = { card:transmit(SELECT_MF), card:transmit(READ_EF05) }
  t:require(want[1].sw == "9000" and want[2].sw == "9000",
            "the card answers SELECT MF and EF05 before printing" .. suffix)
  local out, i = { times = {}, errors = 0, writes = 0, write_errors = 0 }, 0
  repeat
    if w and i % 2 == 0 then
      out.writes = out.writes + 1
      local ok, why = pcall(write_once, card, w, string.format("5752%012X", out.writes))
      if not ok or why then
        out.write_errors = out.write_errors + 1
        if out.write_errors <= 10 then
          t:note("write_error" .. suffix .. out.write_errors, why)
        end
      end
    end
    i = i + 1
    local cmd, ref = i % 2 == 1 and SELECT_MF or READ_EF05, want[2 - i % 2]
    local a0 = bench.mono()
    local ok, r = pcall(card.transmit, card, cmd)
    out.times[#out.times + 1] = (bench.mono() - a0) * 1000
    if not ok or r.sw ~= ref.sw or r.data ~= ref.data then
      out.errors = out.errors + 1
      if out.errors <= 10 then -- the first ones say what; apdu_errors counts them all
        t:note("apdu_error" .. suffix .. out.errors, ok and string.format(
          "%s: SW %s data %s, expected %s %s", cmd, r.sw, r.data, ref.sw, ref.data) or r)
      end
    end
  until done()
  return out
end

local function report(t, m, suffix, w)
  local times = m.times
  t:ok(#times >= 3, "at least 3 APDUs during the print" .. suffix, #times .. " APDUs")
  t:measure { name = "apdu_errors" .. suffix, value = m.errors, unit = "", equal = 0, tol = 0 }
  if w then
    t:ok(m.writes >= 1, "at least one write during the print" .. suffix, m.writes .. " writes")
    t:note("writes" .. suffix, string.format("%d of 8 bytes to the SSSE binary EF (SFI %02X) "
                                             .. "under SM, each read back", m.writes, w.sfi))
    t:measure { name = "write_errors" .. suffix, value = m.write_errors, unit = "", equal = 0,
                tol = 0 }
  end
  table.sort(times)
  local function q(f) return times[math.max(1, math.ceil(#times * f))] end
  if #times > 0 then
    t:note("apdus" .. suffix, #times)
    t:note("apdu_ms" .. suffix, string.format("min %.2f p50 %.2f p95 %.2f max %.2f",
                                               times[1], q(0.5), q(0.95), times[#times]))
    t:measure { name = "apdu_time_p95" .. suffix, value = q(0.95), unit = "ms" }
  end
end

test {
  id = "printer.encode_while_printing",
  title = "Zero APDU errors on the contact and contactless modules, side by side, and no write "
          .. "lost on either, while the printer prints",
  title_zh = "打印过程中接触式、非接触式模块并行读写卡无 APDU 错误、写入无丢失",
  clause = "DB43/T 3.3 §6.3.1 表1-2; §6.3.2 表2; §6.3.3 表3",
  roles = { "printer", "card" },
  uses = { "contactless" },
  run = function(t)
    local p = t.roles.printer
    local modules, missing = {}, nil -- suffix: of its measurements
    for _, m in ipairs { { role = "card", suffix = "", what = "contact" },
                         { role = "contactless", suffix = "_contactless", what = "contactless" } } do
      local r = t.station.roles[m.role]
      if not r then
        t:note(m.role, "no " .. m.role .. " role: not watched")
        missing = m.role
      elseif r.in_card_path == "true" then
        t:note(m.role, "in the card path (in_card_path): it holds the card being printed, so "
               .. "it has nothing to read while the printer prints; not watched")
      else
        modules[#modules + 1] = m
      end
    end
    if #modules == 0 then
      t:skip("every module is in the card path (in_card_path): a single-path printer leaves "
             .. "none a card to read while it prints")
    end
    local unshown = {} -- what the clause asks that this station cannot show
    if missing then
      unshown[#unshown + 1] = "the station has no " .. missing .. " role: the clause asks the "
        .. "contact and contactless modules to work side by side while the printer prints"
    end
    for _, m in ipairs(modules) do -- each one's write target and the bytes to put back
      local why
      m.w, why = write_target(t, m.role)
      if m.w then
        m.kept, why = read_written(t.roles[m.role], m.w)
        if not m.kept then m.w, why = nil, "the declared SSSE binary EF does not read: " .. why end
      end
      if not m.w then
        unshown[#unshown + 1] = "no write on the " .. m.what .. " module (读、写): " .. why
      end
    end
    local file, name = P.target(t)
    local job = p:print { file = file, name = name, sides = "one-sided" }
    local t0 = bench.mono()
    local function done() return job.done or bench.mono() - t0 > 600 end
    local results, branches = {}, {}
    branches.printer = function()
      repeat
        job:poll()
        bench.sleep(0.05)
      until done()
    end
    for _, m in ipairs(modules) do
      branches[m.role] = function()
        results[m.role] = module_loop(t, t.roles[m.role], m.suffix, done, m.w)
      end
    end
    t:parallel(branches)
    for _, m in ipairs(modules) do -- the sample cards as they came, whatever the loop met
      if m.w then
        local ok, why = pcall(write_once, t.roles[m.role], m.w, m.kept)
        t:note("restored" .. m.suffix, (ok and not why) and "the file's first 8 bytes put back: "
               .. m.kept or "the file's first 8 bytes NOT put back (" .. tostring(why)
               .. "); they were " .. m.kept)
      end
    end
    local state, _, msg = job:wait()
    P.undecided_if_purged(t, state, msg)
    t:eq(state, "completed", "the card printed while the modules were in use")
    for _, m in ipairs(modules) do
      report(t, results[m.role], m.suffix, m.w)
    end
    if #unshown > 0 then t:inconclusive(table.concat(unshown, "; ")) end
  end,
}
