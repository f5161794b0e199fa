-- Acceptable answers. Where ISO/IEC 7816-4:2005 (GB/T 16649.4-2010, which
-- GF 61/T PT002-2014 §10.4 and the financial-function spec follow) lists
-- several status words for one error, a case lists every one of them, so
-- a conformant card passes whichever it gives; the answer the card gave is
-- noted in the test's diagnostics (which choice was tested).
local M = {}

local ex = require("apdu").ex

-- ISO/IEC 7816-4:2005 §5.1.3, tables 5 and 6.
M.means = {
  ["9000"] = "normal processing",
  ["61"] = "SW2 bytes still available (GET RESPONSE)",
  ["6282"] = "end of file or record reached before reading Ne bytes",
  ["6700"] = "wrong length",
  ["6800"] = "functions in CLA not supported",
  ["6881"] = "logical channel not supported",
  ["6882"] = "secure messaging not supported",
  ["6884"] = "command chaining not supported",
  ["6981"] = "command incompatible with file structure",
  ["6982"] = "security status not satisfied",
  ["6985"] = "conditions of use not satisfied",
  ["6986"] = "command not allowed (no current EF)",
  ["6987"] = "expected secure messaging data objects missing",
  ["6988"] = "incorrect secure messaging data objects",
  ["6A80"] = "incorrect parameters in the command data field",
  ["6A81"] = "function not supported",
  ["6A82"] = "file or application not found",
  ["6A83"] = "record not found",
  ["6A84"] = "not enough memory space in the file",
  ["6A86"] = "incorrect parameters P1-P2",
  ["6A87"] = "Nc inconsistent with parameters P1-P2",
  ["6A88"] = "referenced data not found",
  ["6B00"] = "wrong parameters P1-P2",
  ["6C"] = "wrong Le field; SW2 = the exact number of available bytes",
  ["6D00"] = "instruction code not supported or invalid",
  ["6E00"] = "class not supported",
  ["6F00"] = "no precise diagnosis",
}

local function meaning(sw)
  return M.means[sw] or M.means[sw:sub(1, 2)] or "?"
end

-- Lists of status words that answer one kind of error.
M.P1P2 = { "6A86", "6B00" }
M.LC = { "6700", "6A87", "6A80" }

-- One acceptable answer: a = { sw = "6282" | "6CXX" (X: any nibble),
-- data = nil (no data) | true (any) | hex (exactly) | function(hex) -> ok }.
local function fits(a, r)
  if not r.sw:match("^" .. a.sw:gsub("X", "%%x") .. "$") then return false end
  local d = r.data or ""
  if a.data == nil then return d == "" end
  if a.data == true then return true end
  if type(a.data) == "function" then return a.data(d) end
  return d:upper() == a.data:upper()
end

local function describe(a)
  local s = a.sw
  if a.data == true then s = s .. " + data"
  elseif type(a.data) == "string" then s = s .. " + " .. #a.data // 2 .. " bytes"
  elseif a.data then s = s .. " + " .. (a.says or "data") end
  return s .. " (" .. meaning(a.sw) .. ")"
end

-- Status words -> acceptable answers without data.
function M.sws(list)
  local out = {}
  for _, sw in ipairs(list) do out[#out + 1] = { sw = sw } end
  return out
end

-- Concatenation of lists of acceptable answers.
function M.any(...)
  local out = {}
  for _, l in ipairs { ... } do
    for _, a in ipairs(l) do out[#out + 1] = a end
  end
  return out
end

-- Checks r against c = { key =, what =, clause =, accept = {...} }: passes
-- when r is one of the acceptable answers, and notes which.
function M.check(t, r, c)
  for _, a in ipairs(c.accept) do
    if fits(a, r) then
      t:note(c.key, r.sw .. " " .. meaning(r.sw) .. " (" .. c.clause .. ")")
      return t:ok(true, c.what)
    end
  end
  local ok = {}
  for _, a in ipairs(c.accept) do ok[#ok + 1] = describe(a) end
  return t:ok(false, c.what .. " (" .. c.clause .. ")",
              "got " .. ex(r) .. "; acceptable: " .. table.concat(ok, ", "))
end

-- One exchange as the card gave it, except that a T=0 61xx (data waiting
-- after a command with data, ISO/IEC 7816-3:2006 §12.2.4) is fetched with
-- GET RESPONSE, as any terminal does. 6Cxx is left to the case.
function M.send(card, apdu)
  local r = card:transmit_raw(apdu)
  local data = r.data or ""
  while r.sw1 == 0x61 do
    r = card:transmit_raw(string.format("00C00000%02X", r.sw2))
    data = data .. (r.data or "")
  end
  return { apdu = apdu, sw = r.sw, sw1 = r.sw1, sw2 = r.sw2, data = data, us = r.us }
end

return M
