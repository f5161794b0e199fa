-- Shared by the printer suites: DUT-class limits (DB43/T 3.3 tables 1-3),
-- job helpers, the small files the tests print, and the checks that make a
-- scan evidence of one job's card.
local M = {}

local carddoc = require "carddoc"

-- DB43/T 3.3 §6.3.1 table 1 desktop, §6.3.2 table 2 portable,
-- §6.3.3 table 3 self-service card-issuing devices. Every one of them must
-- write the stripe at high and at low coercivity (item 2: "可以选择并支持
-- 高、低磁抗写磁").
local classes = {
  desktop = { clause = "§6.3.1 表1", rate = 100, dpi = 600, coercivity = { "high", "low" } },
  portable = { clause = "§6.3.2 表2", rate = 180, dpi = 300, coercivity = { "high", "low" } },
  ["self-service"] = { clause = "§6.3.3 表3", rate = 100, dpi = 600,
                       coercivity = { "high", "low" } },
}

-- The limits of the station's DUT class; an unknown class fails the test
-- (a limit must never be guessed).
function M.limits(t)
  local class = t.station.dut and t.station.dut.class
  local l = classes[class or ""]
  t:require(l ~= nil, "station dut.class is desktop, portable or self-service",
            "dut.class is " .. tostring(class))
  t:note("dut_class", class)
  return l
end

-- The full-colour card the rate, soak and stripe tests print (carddoc); a
-- printer taking none of its formats SKIPs, naming its list.
function M.card_doc(t)
  local path, why = carddoc.card(t)
  if not path then t:skip(why) end
  return path
end

-- What printer.codes adds to a target card: a QR Code naming the job and
-- its serial, so the symbol itself says whose card it is, and a Code 128 of
-- the serial.
function M.codes_of(name, serial)
  return { qr = "DB43/T 3.3 bench " .. name .. " " .. serial, code128 = serial:upper() }
end

-- The registration target for the next card: the printer's next job name
-- is reserved first, so the card carries that name's serial. dpi: the
-- target's pixels (its line pairs are one pixel wide); default the
-- printer's own resolution; with_codes: M.codes_of's symbols on it too.
-- Returns path, job name, serial, the codes.
function M.target(t, dpi, with_codes)
  local p = t.roles.printer
  local name = p:reserve()
  local serial = bench.register.serial(name)
  local a = p:attributes()
  if not carddoc.takes(a.formats, "image/png", "image/pwg-raster") then
    t:skip(carddoc.none_of(a.formats, "PNG, PWG raster"))
  end
  dpi = dpi or a.resolution > 0 and a.resolution or 600
  local codes = with_codes and M.codes_of(name, serial) or nil
  local path = p:put_target(t.id .. "-" .. name .. "-target.png", dpi, serial, codes)
  return path, name, serial, codes
end

-- A job the printer dropped before bench saw how it ended (job:wait's
-- "purged": RFC 8011 lets a printer keep no ended job): whether the card
-- printed is unknown, so the test cannot decide: it ends inconclusive.
function M.undecided_if_purged(t, state, msg)
  if state == "purged" then
    t:undecided(msg)
  end
end

-- Prints one file and waits: state, reasons, message, job, printer now.
function M.print_wait(t, spec)
  local job = t.roles.printer:print(spec)
  local state, reasons, msg, now = job:wait()
  M.undecided_if_purged(t, state, msg)
  return state, reasons, msg, job, now
end

-- Prints one target card and waits: a table {state=, reasons=, msg=, job=,
-- name=, serial=, dpi=, codes=}. spec as printer:print's, plus dpi for the
-- target and codes = true for M.codes_of's symbols on it.
-- Serial -> job name of every target card this suite file printed, so a
-- scan of the wrong card can say whose it is.
local printed = {}

function M.print_target(t, spec)
  local file, name, serial, codes = M.target(t, spec.dpi, spec.codes)
  printed[serial] = name
  local s = { file = file, name = name }
  for k, v in pairs(spec) do if k ~= "dpi" and k ~= "codes" then s[k] = v end end
  local state, reasons, msg, job = M.print_wait(t, s)
  return { state = state, reasons = reasons, msg = msg, job = job, name = name,
           serial = serial, dpi = spec.dpi, codes = codes }
end

-- Cards scanned so far by this suite file, to number the operator's steps.
local on_glass = 0

-- The scan of one job's card: path, sha256 and the scanner (nil for
-- scan_dir), or nil and why. With a `scanner` role it is taken over SANE,
-- after the operator lays the ejected card on the glass (unless the station
-- says the scanner has a feeder), and kept in the run directory; without
-- one, the lab's scanner drops it in the printer's scan_dir.
function M.scan(t, card)
  if not t.station.roles.scanner then
    return t.roles.printer:scan(card.job)
  end
  local sc = t.roles.scanner
  on_glass = on_glass + 1
  if not sc:config().feeder then
    local there = t:ask { key = "card_on_scanner", kind = "yesno",
      prompt = string.format("Put card %d (job %s, just ejected) face down on the scanner "
                             .. "glass, the lid open or a black sheet over it: its edges must "
                             .. "show against a dark background. Is it there?", on_glass,
                             card.name) }
    if not there then
      return nil, string.format("card %d (job %s) not on the scanner: the operator said no",
                                on_glass, card.name)
    end
  end
  local s, why = sc:scan { name = t.id .. "-" .. card.name }
  if not s then return nil, why end
  return s.path, s.sha256, s
end

-- The scanner a measurement came from, one line for the diagnostics.
function M.scanner(s)
  return string.format("%s %s, SANE backend %s (%s), %g dpi", s.vendor, s.model, s.backend,
                       s.device, s.dpi)
end

-- The scan of a printed target card, measured: the measurement, or nil and
-- why. A scan is evidence of this card only if it arrived for this job, is
-- no copy of an earlier scan, and shows this job's serial. A scan taken
-- over SANE is measured at the dpi the scanner took: an image whose real
-- resolution differs shows a card of the wrong size and fails.
function M.measure(t, card, lp_dpi)
  local scan, sha, scanner = M.scan(t, card)
  if not scan then return nil, sha end
  return M.measure_scan(card, scan, sha, scanner, lp_dpi)
end

-- What a scan with no card edges may mean: registration is measured from
-- the card's edges, which a lid or backing as bright as the card hides.
local LID = " (was the scanner's lid closed over the card? Its edges show only against a "
  .. "dark background: the lid open or a black sheet over the card)"

-- M.measure of a scan already taken (M.scan's three values).
function M.measure_scan(card, scan, sha, scanner, lp_dpi)
  local r, err = bench.register.measure(scan, scanner and scanner.dpi, lp_dpi)
  if not r and err:find("no card in scan", 1, true) then
    err = err .. LID
  end
  if not r then
    return nil, scanner and string.format("%s (scanner: %s)", err, M.scanner(scanner)) or err
  end
  r.scan, r.sha256, r.scanner = scanner and scanner.file or scan, sha, scanner
  if not r.serial then
    return nil, string.format("%s: %s: not a card bench printed for job %s", scan,
                              r.serial_err, card.name)
  end
  if r.serial ~= card.serial then
    local whose = printed[r.serial] and (", the card of job " .. printed[r.serial]) or ""
    return nil, string.format("%s shows card serial %s%s; job %s printed %s: the scan of "
                              .. "another card", scan, r.serial, whose, card.name, card.serial)
  end
  return r
end

-- The four directions of 表1-5's 打印对位偏差, as a measured card has them.
M.SIDES = { "left", "right", "up", "down" }

-- The worst of measured card r's four offsets (mm) and its direction.
function M.worst_side(r)
  local mm, side
  for _, s in ipairs(M.SIDES) do
    if not mm or r[s] > mm then mm, side = r[s], s end
  end
  return mm, side
end

-- One line of what a measured card shows, for the test's diagnostics.
function M.geometry(r)
  local marks = {}
  for i, m in ipairs(r.marks) do marks[i] = string.format("%+.3f/%+.3f", m.dx, m.dy) end
  return string.format(
    "worst L %.3f R %.3f U %.3f D %.3f mm; marks dx/dy %s; shift %+.3f/%+.3f mm, "
    .. "rot %.3f deg, shear %.3f deg, scale x %.4f y %.4f, twist %.3f mm; card skew %.2f deg, "
    .. "%.2f x %.2f mm; serial %s; scan %s sha256 %s",
    r.left, r.right, r.up, r.down, table.concat(marks, " "), r.tx, r.ty, r.rot, r.shear,
    r.scale_x, r.scale_y, r.twist, r.skew, r.card_w, r.card_h, r.serial, r.scan, r.sha256)
    .. (r.scanner and ("; scanner " .. M.scanner(r.scanner)) or "")
end

-- The printer waits for the operator: a hopper to refill, or an output
-- bin to empty (RFC 8011 output-area-full: a 125-card bin at 100 cards/h
-- fills every 75 min).
function M.waiting_for_operator(now)
  return M.wants_cards(now) or M.has(now.reasons, "output-area-full")
end

-- The printer asks for cards (media-empty, media-needed): its hopper is
-- empty, or it failed to pick a card and says so (a misfeed).
function M.wants_cards(now)
  return M.has(now.reasons, "media-empty") or M.has(now.reasons, "media-needed")
end

-- Cards the printer's own count says its input hopper holds now (PWG
-- 5100.13 printer-input-tray level, as pwgcap.c reads maxcapacity: no unit,
-- sheets, items or cards; a stack height at 0.76 mm a card), and the record;
-- nil where it gives no count (-2 unknown, -3 "some", -1 other, another
-- unit, no record).
local CARD_UM = 760
local TRAY_UNITS = { [""] = 1, sheets = 1, items = 1, cards = 1,
                     micrometers = 1 / CARD_UM, tenthousandthsofinches = 2.54 / CARD_UM }
function M.hopper_count(p)
  local rec = (p:attributes().capacities.input or {}).record or ""
  local level = tonumber(rec:match("level=(%-?%d+)"))
  local per = TRAY_UNITS[(rec:match("unit=([%w]+)") or ""):lower()]
  if not level or level < 0 or not per then return nil end
  return math.floor(level * per + 0.5), rec
end

-- A printer that asks for cards (media-empty, media-needed) while its own
-- count says its hopper holds more than a card or two (a count may lag
-- the last pick): it failed to pick one and says the hopper is empty (a
-- misfeed, a print error), or its count is wrong (an estimate from the
-- cards fed since a refill it took for a full one). Only a person can tell:
-- the operator says whether the hopper was empty (ask key hopper<card>;
-- no: the misfeed). Without a count (a printer with only an empty sensor)
-- the wait is a refill. The watch's (card) is the check for that card:
-- given the printer now, nil or the misfeed. note(key, text) notes a
-- refill the operator confirmed against the printer's count.
function M.hopper_watch(t, p, note)
  local asked = {}
  return function(card)
    return function(now)
      if not M.wants_cards(now) then return nil end
      if asked[card] == nil then
        local left, rec = M.hopper_count(p)
        local counted = left and left > 2 and string.format(
          "its count says its hopper holds %d (%s)", left, rec)
        local empty = not counted or t:ask { key = "hopper" .. card, kind = "yesno",
          prompt = string.format("The printer asks for cards at card %d, but %s. Was the hopper "
            .. "empty (yes), or were cards in it (no: it failed to pick one, a print error)?",
            card, counted) }
        if counted and empty then
          note("hopper" .. card, counted .. "; the operator says it was empty")
        end
        asked[card] = not empty and ("misfeed: the printer asked for cards while " .. counted
                                     .. " and the operator says it was not empty") or false
      end
      return asked[card] or nil
    end
  end
end

-- The printer says a ribbon or film is out, which may be a roll used up
-- or one broken (the soak tells them apart): RFC 8011 marker-supply-empty
-- and toner-empty (a card printer may call its ribbon toner), PWG 5100.9
-- marker-supply-missing (a torn ribbon off its sensor), or a vendor's
-- reason naming the ribbon or film at error level (RFC 8011: no suffix is
-- an error), not one saying it runs low. The reason, or nil.
function M.supply_out(list)
  for _, want in ipairs { "marker-supply-empty", "marker-supply-missing", "toner-empty" } do
    if M.has(list, want) then return want end
  end
  for _, r in ipairs(list or {}) do
    local k = r:lower()
    if (k:find("ribbon", 1, true) or k:find("film", 1, true)) and not k:find("low", 1, true)
        and not k:find("near", 1, true) and not k:match("%-report$")
        and not k:match("%-warning$") then
      return r
    end
  end
end

-- IPP state reasons may carry a severity suffix (-report, -warning, -error).
-- It is not read as the severity: ippeveprinter (CUPS) suffixes every reason
-- by the printer's state (idle -report, processing -warning, stopped
-- -error), so a ribbon torn while a card prints is marker-supply-empty-
-- warning there (tests/printer_faults.t point 16), and a hopper run dry
-- mid-batch media-empty-warning.
function M.has(list, want)
  for _, r in ipairs(list or {}) do
    if r:gsub("%-report$", ""):gsub("%-warning$", ""):gsub("%-error$", "") == want then
      return true
    end
  end
  return false
end

return M
