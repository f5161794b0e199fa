-- Data files of the MF readable without authentication: EF05 (issuer data)
-- and EF06 (holder data), GF 61/T PT002-2014 appendix F.1.1/F.1.2, with the
-- number rules of appendix A and GB 11643.
suite {
  title = "Files and data elements",
  standard = "GF 61/T PT002-2014",
}

local cardlib = require "cardlib"

-- Each record is tag, length, value ("变长记录文件"). Types and lengths per
-- tables F.1.1/F.1.2. EF05 tag 07 (card number) is listed as An 09: nine
-- characters; appendix A's 17-digit face number fits 9 bytes only packed
-- (cn). Either is accepted, each checked by its own rules.
local EF05 = {
  { tag = "01", type = "cn", len = 0x10, name = "card identification code" },
  { tag = "02", type = "an", len = 0x01, name = "card type" },
  { tag = "03", type = "an", len = 0x04, name = "specification version" },
  { tag = "04", type = "cn", len = 0x0C, name = "initialising organisation" },
  { tag = "05", type = "cn", len = 0x04, name = "issue date" },
  { tag = "06", type = "cn", len = 0x04, name = "expiry date" },
  { tag = "07", type = { "an", "cn" }, len = 0x09, name = "card number" },
}
local EF06 = {
  { tag = "08", type = "an", len = 0x12, name = "citizen ID number" },
  { tag = "09", type = "an", len = 0x1E, name = "name" },
  { tag = "0A", type = "an", len = 0x01, name = "sex" },
  { tag = "0B", type = "cn", len = 0x01, name = "nation" },
  { tag = "0C", type = "cn", len = 0x03, name = "birth place" },
  { tag = "0D", type = "cn", len = 0x04, name = "birth date" },
}

local ex = cardlib.ex
local read_record = require("apdu").read_record

-- Reads the records of spec (one per item, in order); checks 9000, tag and
-- length; returns { [tag] = { value = hex, r = response } }.
local function read_file(t, sfi, spec)
  local card = t.roles.card
  card:transmit("00A40000023F0000")
  local got = {}
  for i, item in ipairs(spec) do
    local r = read_record(card, sfi, i)
    local what = string.format("EF%02X record %d (%s)", sfi, i, item.name)
    if t:sw(r, "9000", what .. " readable without authentication") then
      local tag, len = r.data:sub(1, 2), tonumber(r.data:sub(3, 4), 16) or -1
      t:eq(tag, item.tag, what .. ": tag")
      t:ok(len == item.len and #r.data == 4 + 2 * len,
           string.format("%s: length %02X per appendix F", what, item.len), ex(r))
      got[item.tag] = { value = r.data:sub(5), r = r }
    end
  end
  return got
end

-- The first of an item's types (one, or a list) its value decodes as, or
-- nil and why not.
local function decode(item, value)
  local why
  for _, ty in ipairs(type(item.type) == "table" and item.type or { item.type }) do
    local ok, v = bench.cardnum[ty](value)
    if ok then return ty, v end
    why = v
  end
  return nil, why
end

local function check_types(t, got, spec)
  for _, item in ipairs(spec) do
    local f = got[item.tag]
    if f then
      local ty, why = decode(item, f.value)
      local types = type(item.type) == "table" and table.concat(item.type, " or ") or item.type
      t:ok(ty, string.format("tag %s (%s) is %s with F.1 padding", item.tag, item.name, types),
           (ty and "" or why or "") .. "; " .. ex(f.r))
    end
  end
end

for _, f in ipairs {
  { id = "card.files.ef05", sfi = 5, spec = EF05,
    title = "EF05 issuer data: readable, tags, lengths, cn/an padding",
    title_zh = "EF05 发卡机构数据：可读、标签、长度、cn/an 填充",
    clause = "GF 61/T PT002-2014 appendix F.1.1 and its note (cn pad F, an pad 00)" },
  { id = "card.files.ef06", sfi = 6, spec = EF06,
    title = "EF06 holder data: readable, tags, lengths, cn/an padding",
    title_zh = "EF06 持卡人数据：可读、标签、长度、cn/an 填充",
    clause = "GF 61/T PT002-2014 appendix F.1.2 and its note (cn pad F, an pad 00)" },
} do
  test {
    id = f.id,
    title = f.title,
    title_zh = f.title_zh,
    clause = f.clause,
    roles = { "card" },
    run = function(t)
      check_types(t, read_file(t, f.sfi, f.spec), f.spec)
    end,
  }
end

local function cn_digits(f)
  local ok, digits = bench.cardnum.cn(f.value)
  return ok and digits or nil
end

test {
  id = "card.files.dates",
  title = "Issue, expiry and birth dates are real dates, issue before expiry",
  title_zh = "发卡日期、有效期和出生日期为真实日期，发卡日期早于有效期",
  clause = "GF 61/T PT002-2014 appendix F.1.1 (tags 05, 06), F.1.2 (tag 0D)",
  roles = { "card" },
  run = function(t)
    local ef05 = read_file(t, 5, EF05)
    local ef06 = read_file(t, 6, EF06)
    local dates = {}
    for _, d in ipairs({ { ef05, "05", "issue" }, { ef05, "06", "expiry" },
                         { ef06, "0D", "birth" } }) do
      local f = d[1][d[2]]
      if t:ok(f ~= nil, d[3] .. " date read (tag " .. d[2] .. ")") then
        local s = cn_digits(f) or "?"
        local ok, why = bench.cardnum.date(s)
        if t:ok(ok, d[3] .. " date " .. s .. " is a real date", (why or "") .. "; " .. ex(f.r)) then
          dates[d[3]] = s
        end
      end
    end
    if dates.issue and dates.expiry then
      t:ok(dates.issue < dates.expiry,
           string.format("issue date %s before expiry date %s", dates.issue, dates.expiry),
           ex(ef05["05"].r) .. "; " .. ex(ef05["06"].r))
    end
  end,
}

test {
  id = "card.files.id_number",
  title = "Citizen ID number (EF06 tag 08) is valid per GB 11643",
  title_zh = "公民身份号码（EF06 标签 08）符合 GB 11643",
  clause = "GF 61/T PT002-2014 appendix F.1.2 tag 08; GB 11643-1999 §5, ISO 7064 MOD 11-2",
  roles = { "card" },
  run = function(t)
    local f = read_file(t, 6, { EF06[1] })["08"]
    t:require(f ~= nil, "ID number read")
    local ok, text = bench.cardnum.an(f.value)
    t:require(ok, "ID number is an text", ex(f.r))
    local valid, why = bench.cardnum.id(text)
    t:ok(valid, "ID number " .. text .. " valid", (why or "") .. "; " .. ex(f.r))
  end,
}

test {
  id = "card.files.card_number",
  title = "Card number (EF05 tag 07): 9 An characters, or appendix A's 17 digits with a "
          .. "Shaanxi region and check digit",
  title_zh = "卡号（EF05 标签 07）：9 位 An 字符，或附录 A 的 17 位数字（地区代码已知、校验位正确）",
  clause = "GF 61/T PT002-2014 appendix A.1, A.2 (table A.1); appendix F.1.1 tag 07",
  roles = { "card" },
  run = function(t)
    local f = read_file(t, 5, EF05)["07"]
    t:require(f ~= nil, "card number read")
    local ty, v = decode(EF05[7], f.value)
    t:require(ty, "card number is an (table F.1.1) or cn (appendix A's 17 digits)",
              (v or "") .. "; " .. ex(f.r))
    t:note("form", ty == "an" and "an: 9 characters, table F.1.1's type (appendix A's 17 "
           .. "digits do not fit them)" or "cn: appendix A's 17 digits, packed")
    if ty == "an" then
      t:ok(#v == 9 and v:match("^%w+$") ~= nil, "card number " .. v .. ": 9 letters and digits",
           ex(f.r))
      return
    end
    local digits = v
    local valid, why = bench.cardnum.face(digits)
    t:ok(valid, "card number " .. digits .. " valid", (why or "") .. "; " .. ex(f.r))
    if valid and why then t:note("region", why) end
  end,
}
