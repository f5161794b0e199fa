-- The files of GF 61/T PT002-2014 appendix F.1 as data: for each EF its
-- identifiers, read condition and items (tag, type, length in bytes from
-- the table; width: the characters or digits a field whose form fixes it
-- must fill; checks: the code tables and forms the spec's references
-- give). filled: every item must hold a value (identity data, the DIR);
-- elsewhere an item may be all padding (no employer, no telephone).
local M = {}

local N = bench.cardnum
local ex = require("apdu").ex

local function code(kind)
  return { what = kind .. " code of its table", fn = function(v) return N.code(kind, v) end }
end
local DATE = { what = "a real date YYYYMMDD (GB/T 7408)", fn = N.date }
local REGION = { what = "a GB/T 2260 region code", fn = N.region }
local ALNUM = {
  what = "letters and digits",
  fn = function(v) return v:match("^%w+$") ~= nil, "not letters and digits" end,
}
local DIGITS = { what = "digits only", fn = function(v) return v:match("^%d+$") ~= nil, "not digits" end }
local PHONE = {
  what = "a telephone number (digits, + - ( ) space)",
  fn = function(v) return v:match("^%+?[%d%- ()]+$") ~= nil and v:match("%d") ~= nil, "not a number" end,
}

local function item(tag, ty, len, name, more)
  local it = more or {}
  it.tag, it.len, it.name = tag, len, name
  it.types = type(ty) == "table" and ty or { ty }
  return it
end
local function opt(t) t.optional = true return t end

M.files = {
  {
    id = "ef05", name = "EF05", fid = "EF05", sfi = 5, access = "free", clause = "F.1.1", filled = true,
    title = "EF05 issuer data: every item, its length, format, padding and width; no more records",
    title_zh = "EF05 发卡机构数据：每个数据项的长度、格式、填充和宽度；无多余记录",
    items = {
      item("01", "cn", 0x10, "card identification code"),
      item("02", "an", 0x01, "card type", { width = 1 }),
      item("03", "an", 0x04, "specification version"),
      item("04", "cn", 0x0C, "initialising organisation"),
      item("05", "cn", 0x04, "issue date", { width = 8, checks = { DATE } }),
      item("06", "cn", 0x04, "expiry date", { width = 8, checks = { DATE } }),
      -- Table F.1.1 types it An 09: 9 characters. Appendix A's face number
      -- has 17 digits, which fit 9 bytes only packed (cn). A card may hold
      -- either; each form has its own width and checks (an is tried first:
      -- ASCII digits would decode as cn too).
      item("07", { "an", "cn" }, 0x09, "card number", { forms = {
        an = { width = 9, checks = { ALNUM } },
        cn = { width = 17, checks = { { what = "appendix A number (region, industry, check digit)",
                                        fn = N.face } } },
      } }),
    },
  },
  {
    id = "ef06", name = "EF06", fid = "EF06", sfi = 6, access = "free", clause = "F.1.2", filled = true,
    title = "EF06 holder data: every item, format, padding, and the sex/nation/region code tables",
    title_zh = "EF06 持卡人数据：每个数据项的格式、填充，以及性别/民族/地区代码表",
    items = {
      item("08", "an", 0x12, "citizen ID number",
           { width = 18, checks = { { what = "GB 11643 ID number", fn = N.id } } }),
      item("09", "an", 0x1E, "name"),
      item("0A", "an", 0x01, "sex", { width = 1, checks = { code("sex") } }),
      item("0B", "cn", 0x01, "nation", { width = 2, checks = { code("nation") } }),
      item("0C", "cn", 0x03, "birth place", { width = 6, checks = { REGION } }),
      item("0D", "cn", 0x04, "birth date", { width = 8, checks = { DATE } }),
    },
  },
  {
    id = "ef07", name = "EF07", fid = "EF07", sfi = 7, access = "free", clause = "F.1.3",
    title = "EF07 fingerprint: a binary EF of exactly 0300 bytes, read to its end",
    title_zh = "EF07 指纹：恰为 0300 字节的二进制文件，读到末尾",
    size = 0x300, items = {},
  },
  {
    id = "ef08", name = "EF08", fid = "EF08", sfi = 8, access = "pin", clause = "F.1.4",
    title = "EF08 household registration (read: PIN): items, lengths, formats, padding",
    title_zh = "EF08 户籍信息（读需 PIN）：数据项、长度、格式、填充",
    items = {
      item("20", "an", 0x01, "household registration type", { width = 1 }),
      item("21", "an", 0x3E, "registered address"),
      opt(item("22", "an", 0x12, "registered address, continued")),
    },
  },
  {
    id = "ef09", name = "EF09", fid = "EF09", sfi = 9, access = "pin", clause = "F.1.5",
    title = "EF09 contact data (read: PIN): items, postcode (cn, 6 digits), telephone",
    title_zh = "EF09 联系信息（读需 PIN）：数据项、邮政编码（cn，6 位）、电话",
    items = {
      item("25", "an", 0x3E, "postal address"),
      opt(item("26", "an", 0x12, "postal address, continued")),
      item("27", "cn", 0x03, "postcode", { width = 6 }),
      item("28", "an", 0x0F, "telephone", { checks = { PHONE } }),
    },
  },
  {
    id = "ef0a", name = "EF0A", fid = "EF0A", sfi = 0x0A, access = "pin", clause = "F.1.6",
    fixed = true,
    title = "EF0A personal status (read: PIN; linear fixed): items, education code (GB 4658 or "
            .. "appendix E)",
    title_zh = "EF0A 个人状况（读需 PIN；定长记录）：数据项、学历代码（GB 4658 或附录 E）",
    items = {
      item("29", "an", 0x01, "employment or retirement status", { width = 1 }),
      -- GB 4658-1984's two digits (§2 cites it) or appendix E's one (1-6).
      item("2A", "cn", 0x01, "education", { checks = { code("education") } }),
      item("A0", "an", 0x0A, "personal ID number"),
      item("A1", "an", 0x03, "person category"),
      item("A2", "cn", 0x01, "person identity"),
    },
  },
  {
    id = "ef0b", name = "EF0B", fid = "EF0B", sfi = 0x0B, access = "pin", clause = "F.1.7",
    title = "EF0B marital status (read: PIN): one item, an appendix E code (1-5)",
    title_zh = "EF0B 婚姻状况（读需 PIN）：一个数据项，附录 E 代码（1-5）",
    items = { item("2B", "an", 0x01, "marital status", { width = 1, checks = { code("marital") } }) },
  },
}

-- F.1.8 numbers item 6 "32" again; a card may follow the table, or number
-- on from there (33-36): both are read, the one the card follows noted.
local function ef0c_items(shift)
  local function tg(n) return string.format("%02X", n + shift) end
  return {
    item("2E", "an", 0x3E, "employer name"),
    opt(item("2F", "an", 0x08, "employer name, continued")),
    item("30", "an", 0x01, "employer type", { width = 1 }),
    item("31", "an", 0x0A, "insurance types of the employer"),
    item("32", "an", 0x01, "employer affiliation", { width = 1 }),
    item(tg(0x32), "an", 0x08, "employer code"),
    opt(item(tg(0x33), "an", 0x64, "employer address")),
    opt(item(tg(0x34), "an", 0x06, "employer postcode", { width = 6, checks = { DIGITS } })),
    opt(item(tg(0x35), "an", 0x0D, "employer telephone", { checks = { PHONE } })),
  }
end

M.files[#M.files + 1] = {
  id = "ef0c", name = "EF0C", fid = "EF0C", sfi = 0x0C, access = "pin", clause = "F.1.8",
  title = "EF0C employer data (read: PIN): items, formats, padding (tag 32 twice in the table)",
  title_zh = "EF0C 工作单位信息（读需 PIN）：数据项、格式、填充（表中标签 32 出现两次）",
  items = ef0c_items(0),
  alt = { items = ef0c_items(1),
          note = "EF0C numbered on 33-36 after the second 32 of table F.1.8" },
}

-- F.1.9: the DIR. Tag 40 is the number of applications; each has a name
-- (typed cn in the table, text in practice: an or cn), a version and an
-- activation status; apps 1-4 use tags 41-43, 44-46, 47-49, 50-52. The
-- table marks all four slots mandatory (必选项目), so a card may list every
-- slot, those past its applications empty (all padding), or only its
-- applications: dir_count judges either.
local dir_items = { item("40", "an", 0x02, "number of applications", { checks = { DIGITS } }) }
for _, tags in ipairs { { 0x41, 0x42, 0x43 }, { 0x44, 0x45, 0x46 }, { 0x47, 0x48, 0x49 },
                        { 0x50, 0x51, 0x52 } } do
  local app = #dir_items // 3 + 1
  dir_items[#dir_items + 1] = opt(item(string.format("%02X", tags[1]), { "an", "cn" }, 0x2E,
                                       "application " .. app .. " name", { may_be_empty = true }))
  dir_items[#dir_items + 1] = opt(item(string.format("%02X", tags[2]), "cn", 0x06,
                                       "application " .. app .. " version", { may_be_empty = true }))
  dir_items[#dir_items + 1] = opt(item(string.format("%02X", tags[3]), "an", 0x01,
                                       "application " .. app .. " activation status",
                                       { width = 1, may_be_empty = true }))
end

local function padding(hex) return hex:match("^0*$") ~= nil or hex:match("^F*$") ~= nil end

-- The count of tag 40 against the slots: complete entries (name, version,
-- status), the first `count` of them filled, every one after empty.
local function dir_count(t, recs)
  local count = recs[1] and tonumber(bench.unhex(recs[1].value):match("^%d+"))
  local slots, filled, bad = (#recs - 1) // 3, 0, nil
  for s = 1, slots do
    local name, version, status = recs[3 * s - 1], recs[3 * s], recs[3 * s + 1]
    local empty = padding(name.value)
    if not empty and filled == s - 1 then
      filled = s
    elseif not (empty and padding(version.value) and padding(status.value)) then
      bad = bad or string.format("slot %d: %s after an empty slot, or an empty name with a "
                                 .. "version or status", s, ex(name.r))
    end
  end
  t:ok((#recs - 1) % 3 == 0, "DIR: complete entries (name, version, status) after tag 40",
       #recs - 1 .. " records after tag 40")
  t:ok(count ~= nil and count == filled and not bad,
       string.format("DIR tag 40 gives %s applications; %d slots listed, the first %d filled, "
                     .. "the rest empty", tostring(count), slots, filled),
       (bad or "") .. (recs[1] and "; " .. ex(recs[1].r) or "no record"))
  t:note("dir_slots", slots == 4 and "all four slots (table F.1.9: every item mandatory)"
         or string.format("%d slots: the applications only", slots))
end

M.files[#M.files + 1] = {
  -- F.1.9 gives the DIR's SFI only ("文件标识 DIR 短文件标识 01"): its FID is
  -- EF01 as its neighbours' are, or 2F00, EF.DIR's in ISO/IEC 7816-4 §8.2.1.1.
  id = "dir", name = "DIR", fid = "EF01", fids = { "EF01", "2F00" }, sfi = 1, access = "key",
  clause = "F.1.9", filled = true,
  title = "DIR (read: UK MF): count of applications = filled slots (all four slots listed, or "
          .. "the applications only), each name, version, status",
  title_zh = "目录（读需 MF 的 UK）：应用数 = 已填应用槽数（列出全部四个槽或仅列出应用），各应用名称、版本、状态",
  items = dir_items, after = dir_count,
}

function M.file(id)
  for _, f in ipairs(M.files) do
    if f.id == id then return f end
  end
end

return M
