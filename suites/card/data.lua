-- Data elements of the MF, GF 61/T PT002-2014 appendix F.1 (normative):
-- every item of EF05-EF0C and the DIR, read to the exact end of its file.
--
-- For each file: the records in the order of its table, optional items
-- ("[可选项目]") possibly left out, nothing after the last one (READ
-- RECORD answers 6A83), each of the table's length; each value in its
-- format with the exact padding of the F.1 note (cn: packed digits, then F
-- nibbles only; an: text, then 00 bytes only: no spaces, no FF), fields of
-- a fixed width (dates, codes) full; the code tables the spec cites (sex
-- GB/T 2261.1, nation GB 3304, region GB/T 2260, marital status appendix
-- E, education GB 4658). EF07 is read to its exact end: 0300 bytes and not
-- one more. Where the card declares its files (SELECT with P2 04, the FCP
-- of ISO/IEC 7816-4:2005 §5.3.3), the declaration must match what was
-- read; a card that gives no FCP for EFs is allowed (noted).
--
-- Where appendix F contradicts itself, every reading is accepted and the
-- one the card follows is noted: EF0C lists tag 32 twice (the card may
-- follow the table, or number on 33-36); the DIR types application names
-- "cn" (names are text: an or cn accepted); the "文件大小" of EF0A, EF0C
-- and the DIR do not add up to their items (the items govern).
--
-- Relations between fields (card.data.relations, card.data.validity): the
-- birth date and sex in the citizen ID number (GB 11643) against EF06, the
-- birth date before the issue date, and issue date <= the date of the test
-- < expiry date: an expired card fails.
suite {
  title = "Data elements (appendix F)",
  standard = "GF 61/T PT002-2014 appendix A, E, F",
}

local apdu = require "apdu"
local cardlib = require "cardlib"
local session = require "session"
local spec = require "dataspec"

local ex = apdu.ex
local MF = "00A40000023F0000"

-- Opens what the file's read condition (F.1 "文件存取控制") asks for.
local function open_access(t, card, acc)
  card:transmit(MF)
  if acc == "pin" then
    t:require(t:sw(card:transmit(bench.keys.verify_apdu(bench.keys.pin("card", "holder"))),
                   "9000", "VERIFY (read condition: PIN)"), "PIN verified")
  elseif acc == "key" then
    local ch = card:transmit("0084000008")
    t:require(t:sw(ch, "9000", "GET CHALLENGE in the MF"), "challenge")
    t:require(t:sw(card:transmit(cardlib.dir_auth_apdu(t, ch.data)), "9000",
                   "EXTERNAL AUTHENTICATE in the MF (read condition: UK MF)"), "authenticated")
  end
end

-- The records of the EF with SFI sfi, read from 1 on until 6A83.
local function read_records(t, card, f)
  local recs = {}
  for n = 1, #f.items + 2 do
    local r = apdu.read_record(card, f.sfi, n)
    if r.sw == "6A83" then return recs end
    if not t:sw(r, "9000", string.format("%s record %d", f.name, n)) then return recs end
    recs[n] = { r = r, tag = r.data:sub(1, 2), len = tonumber(r.data:sub(3, 4), 16) or -1 }
    recs[n].value = r.data:sub(5, 4 + 2 * recs[n].len)
    recs[n].rest = r.data:sub(5 + 2 * recs[n].len)
  end
  t:fail(string.format("%s holds more than its %d items: record %d still answers", f.name,
                       #f.items, #f.items + 2), ex(recs[#recs].r))
  return recs
end

local function select_fcp(card, fid)
  local r = cardlib.select_ef(card, fid, "04", true)
  if r.sw1 == 0x61 then
    r = card:transmit(string.format("00C00000%02X", r.sw2))
  end
  return r
end

-- The FID the EF answers to: f.fid, or the first of f.fids that selects
-- (FCP asked first, then plain); with f.fids and none selecting, nil,
-- noted: the reads by SFI judge the file alone. Returns the FID and the
-- answer to SELECT with P2 04.
local function fid_of(t, card, f)
  local fids, first = f.fids or { f.fid }, nil
  for _, fid in ipairs(fids) do
    local r = select_fcp(card, fid)
    first = first or r
    if r.sw == "9000" then return fid, r end
  end
  for _, fid in ipairs(fids) do
    if cardlib.select_ef(card, fid).sw == "9000" then return fid, first end
  end
  if not f.fids then
    t:sw((cardlib.select_ef(card, f.fid)), "9000", "SELECT " .. f.fid .. " (P2 00)")
    return f.fid, first
  end
  t:note("fid", "none of " .. table.concat(fids, ", ") .. " selects it (" .. f.clause ..
         " gives its SFI only): judged by the reads by SFI " .. f.sfi)
  return nil, first
end

-- The FCP the card declares for the EF (nil: it declares none, noted), and
-- the FID it answered to.
local function fcp_of(t, card, f)
  local fid, r = fid_of(t, card, f)
  if f.fids and fid then t:note("fid", fid) end
  local tpl = r.data:sub(1, 2)
  if fid and r.sw == "9000" and (tpl == "62" or tpl == "6F") then
    local fcp = {}
    for _, tag in ipairs { "80", "82", "83", "88" } do fcp[tag] = bench.tlv.find(r.data, tag) end
    fcp.r = r
    return fcp, fid
  end
  t:note("fcp", "none: SELECT " .. (fid or f.fid) .. " with P2 04 -> " .. r.sw ..
         " (ISO/IEC 7816-4:2005 §7.1.1: the FCP is optional); checked against the spec only")
  return nil, fid
end

-- One value against its item: format, padding, width, code table, form.
-- A value may be empty (all padding) except in files whose items must all
-- be filled (EF05, EF06, the DIR): then there is nothing more to check.
local function check_value(t, f, item, value, rec)
  local what = string.format("tag %s (%s)", item.tag, item.name)
  local ok, got, why, form = false, nil, nil, item
  for _, ty in ipairs(item.types) do
    if ty == "b" then return true end
    local good, v = bench.cardnum[ty](value)
    if good then
      ok, got = true, v
      if item.forms then -- the form found decides the width and the checks
        form = item.forms[ty]
        t:note("form_" .. item.tag, ty .. " (" .. item.name .. ")")
      end
      break
    end
    why = v
  end
  if not t:ok(ok, what .. " is " .. table.concat(item.types, " or ") ..
              " with the F.1 padding", (why or "") .. "; " .. ex(rec.r)) then
    return
  end
  if #got == 0 then
    t:ok(not f.filled or item.may_be_empty, what .. " is not empty", ex(rec.r))
    return got
  end
  if form.width then
    t:eq(#got, form.width, what .. ": " .. form.width .. " characters")
  end
  for _, c in ipairs(form.checks or {}) do
    local good, w = c.fn(got)
    t:ok(good, what .. ": " .. c.what, (w or "") .. "; value " .. got .. "; " .. ex(rec.r))
  end
  return got
end

-- The records against the items: order, lengths, values. Returns tag ->
-- decoded value of what matched.
local function check_records(t, f, recs, items)
  local got, i = {}, 1
  for n, rec in ipairs(recs) do
    while items[i] and items[i].tag ~= rec.tag and items[i].optional do i = i + 1 end
    local item = items[i]
    if not item or item.tag ~= rec.tag then
      t:fail(string.format("%s record %d: tag %s where %s expects %s", f.name, n, rec.tag,
                           f.clause, item and (item.tag .. " (" .. item.name .. ")") or
                           "no more records"), ex(rec.r))
      return got
    end
    t:ok(rec.len == item.len and #rec.value == 2 * rec.len and
         (rec.rest == "" or f.fixed and rec.rest:match("^[0F]*$")),
         string.format("%s record %d: tag %s, length %02X (%s)", f.name, n, item.tag, item.len,
                       f.fixed and "then only padding in the fixed record" or "and nothing after"),
         ex(rec.r))
    got[item.tag] = check_value(t, f, item, rec.value, rec)
    i = i + 1
  end
  for j = i, #items do
    t:ok(items[j].optional, string.format("%s has item %s (%s)", f.name, items[j].tag,
                                          items[j].name))
  end
  return got
end

-- Whether the records' tags follow the items in order (optional items
-- may be missing), without judging anything else.
local function tags_fit(recs, items)
  local i = 1
  for _, rec in ipairs(recs) do
    while items[i] and items[i].tag ~= rec.tag and items[i].optional do i = i + 1 end
    if not items[i] or items[i].tag ~= rec.tag then return false end
    i = i + 1
  end
  return true
end

-- The reading of the table that fits the records (appendix F errata).
local function pick_items(t, f, recs)
  if f.alt and not tags_fit(recs, f.items) and tags_fit(recs, f.alt.items) then
    t:note("reading", f.alt.note)
    return f.alt.items
  end
  return f.items
end

-- Declared structure of a record file against what was read.
local function check_fcp_records(t, f, fcp, recs)
  local d = fcp["82"]
  if d and #d >= 2 then
    local kind = tonumber(d:sub(1, 2), 16) & 0x07
    local want = f.fixed and { [2] = true, [3] = true } or { [4] = true, [5] = true }
    t:ok(want[kind], string.format("FCP 82: %s record structure", f.fixed and "linear fixed" or
                                   "linear variable"), ex(fcp.r))
  end
  local values = 0
  for _, rec in ipairs(recs) do values = values + rec.len end
  if d and #d >= 10 then
    local maxrec, nrec = tonumber(d:sub(5, 8), 16), tonumber(d:sub(9), 16)
    t:eq(nrec, #recs, "FCP 82: number of records = records read to the end")
    for n, rec in ipairs(recs) do
      local len = #rec.r.data // 2
      t:ok(f.fixed and len == maxrec or not f.fixed and len <= maxrec,
           string.format("record %d (%d bytes) fits the declared record size %d", n, len,
                         maxrec), ex(rec.r))
    end
  end
  -- 80 counts data bytes without structural information (ISO/IEC
  -- 7816-4:2005 table 12): a card may count each record's tag and length
  -- as structure (then 80 is appendix F's "文件大小") or as data, or give
  -- the space the file has; never fewer bytes than the values it holds.
  if fcp["80"] then
    local decl = tonumber(fcp["80"], 16)
    t:ok(decl >= values, string.format("FCP 80: %d data bytes declared hold the %d value " ..
                                       "bytes read", decl, values), ex(fcp.r))
  end
end

-- EF07: read with Le 00 until fewer than 256 bytes come, then one byte at
-- the end offset must not come. Returns the length read.
local function binary_length(t, card, f)
  local off = 0
  while off <= 0x7F00 do
    local r = card:transmit(string.format("00B0%04X00", off))
    if r.sw ~= "9000" and r.sw ~= "6282" then break end
    off = off + #r.data // 2
    if #r.data < 0x200 then break end
  end
  local probe = card:transmit_raw(string.format("00B0%04X01", off))
  t:ok(probe.sw ~= "9000" and (probe.data or "") == "",
       string.format("%s ends at %04X: no byte at that offset", f.name, off), ex(probe))
  return off
end

local function check_binary(t, card, f, fcp)
  local len = binary_length(t, card, f)
  t:eq(string.format("%04X", len), string.format("%04X", f.size),
       f.name .. " is " .. string.format("%04X", f.size) .. " bytes (" .. f.clause .. ")")
  if fcp and fcp["80"] then
    t:eq(string.format("%04X", tonumber(fcp["80"], 16)), string.format("%04X", len),
         "FCP 80 declares the bytes read to the exact end")
  end
  if fcp and fcp["82"] then
    t:eq(tonumber(fcp["82"]:sub(1, 2), 16) & 0x07, 1, "FCP 82: transparent structure")
  end
end

local function check_file(t, f)
  local card = t.roles.card
  open_access(t, card, f.access)
  local fcp, fid = fcp_of(t, card, f)
  if fcp and fcp["83"] then t:bytes(fcp["83"], fid, "FCP 83: file identifier") end
  if fcp and fcp["88"] then
    local s = tonumber(fcp["88"], 16)
    t:ok(s == f.sfi or s == f.sfi << 3, "FCP 88: short EF identifier " .. f.sfi, ex(fcp.r))
  end
  if f.size then return check_binary(t, card, f, fcp) end
  local recs = read_records(t, card, f)
  check_records(t, f, recs, pick_items(t, f, recs))
  if fcp then check_fcp_records(t, f, fcp, recs) end
  if f.after then f.after(t, recs) end
end

for _, f in ipairs(spec.files) do
  test {
    id = "card.data." .. f.id,
    title = f.title,
    title_zh = f.title_zh,
    clause = "GF 61/T PT002-2014 appendix " .. f.clause .. " and the F.1 note (cn pad F, an pad 00)",
    roles = { "card" },
    run = function(t)
      if f.access == "free" then return check_file(t, f) end
      session.then_reset(t.roles.card, function() check_file(t, f) end)
    end,
  }
end

-- EF05 and EF06 as tag -> decoded value (nil where unreadable).
local function identity(t)
  local card = t.roles.card
  local vals = {}
  for _, f in ipairs { spec.file("ef05"), spec.file("ef06") } do
    open_access(t, card, f.access)
    for _, rec in ipairs(read_records(t, card, f)) do
      local ty = (rec.tag == "08" or rec.tag == "0A") and "an" or "cn"
      local ok, v = bench.cardnum[ty](rec.value)
      vals[rec.tag] = ok and v or nil
      vals[rec.tag .. "r"] = rec.r
    end
  end
  return vals
end

test {
  id = "card.data.relations",
  title = "ID number vs birth date and sex (EF06), birth date before issue date",
  title_zh = "身份证号与出生日期、性别一致（EF06），出生日期早于发卡日期",
  clause = "GF 61/T PT002-2014 appendix F.1.1, F.1.2; GB 11643-1999 §5 (birth date, sequence code)",
  roles = { "card" },
  run = function(t)
    local v = identity(t)
    t:require(v["08"] and v["0D"] and v["0A"], "ID number, birth date and sex read")
    local ok, birth, sex = bench.cardnum.id(v["08"])
    t:require(ok, "ID number " .. v["08"] .. " is valid (GB 11643)", ex(v["08r"]))
    t:eq(v["0D"], birth, "EF06 birth date (tag 0D) = the ID number's, positions 7-14")
    if v["0A"] == "1" or v["0A"] == "2" then
      t:eq(v["0A"], tostring(sex), "EF06 sex (tag 0A) = the ID number's (digit 17 odd: male)")
    else
      t:note("sex", "EF06 sex " .. v["0A"] .. " (GB/T 2261.1: not male/female): no relation")
    end
    if v["05"] then
      t:ok(v["0D"] <= v["05"], "birth date " .. v["0D"] .. " not after the issue date " .. v["05"],
           ex(v["0Dr"]) .. "; " .. ex(v["05r"]))
    end
  end,
}

-- An expired card conforms: §10.3.1.3 e) is the terminal's check, which
-- then refuses it, and a certification sample may be years old. A lab
-- accepting cards delivered for use says so (the card role's `in_service:
-- yes`), and an expired card then fails.
test {
  id = "card.data.validity",
  title = "Issue date <= date of the test, issue date < expiry date; expired fails in service",
  title_zh = "发卡日期 ≤ 测试日期，发卡日期 < 有效期截止日期；在用卡片过期则不通过",
  clause = "GF 61/T PT002-2014 appendix F.1.1 (tags 05, 06); §10.3.1.3 e) (application in its validity period)",
  roles = { "card" },
  run = function(t)
    local v = identity(t)
    local today = os.date("%Y%m%d")
    t:note("test_date", today)
    t:require(v["05"] and v["06"], "issue and expiry dates read")
    t:ok(v["05"] <= today, "issue date " .. v["05"] .. " is not after the test date " .. today,
         ex(v["05r"]))
    t:ok(v["05"] < v["06"], "issue date before expiry date", ex(v["05r"]) .. "; " .. ex(v["06r"]))
    local opts = t.station.roles.card or {}
    if opts.in_service == "yes" then
      t:ok(today < v["06"], "expiry date " .. v["06"] .. " is after the test date " .. today ..
           " (cards in service: in_service yes)", ex(v["06r"]))
    else
      t:note("valid_today", today < v["06"] and "yes, until " .. v["06"] or
             "no: expired on " .. v["06"] .. " (a terminal refuses it, §10.3.1.3 e); the " ..
             "card's data conform; in_service: yes fails it)")
    end
    t:note("validity_years", (tonumber(v["06"]:sub(1, 4)) - tonumber(v["05"]:sub(1, 4))) ..
           " (GF 61/T PT002-2014 §5.5 recommends 10)")
  end,
}
