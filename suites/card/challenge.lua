-- GET CHALLENGE: 4 or 8 random bytes, never repeated.
local ex = require("apdu").ex

suite {
  title = "GET CHALLENGE",
  standard = "ISO/IEC 7816-4:2013; GF 61/T PT002-2014 §10.4",
}

for _, n in ipairs({ 4, 8 }) do
  test {
    id = "card.challenge.len" .. n,
    title = "GET CHALLENGE with Le " .. n .. " answers " .. n .. " bytes",
    title_zh = "Le 为 " .. n .. " 的取随机数返回 " .. n .. " 字节",
    clause = "ISO/IEC 7816-4:2013 §7.5.3; GF 61/T PT002-2014 §10.4.3",
    roles = { "card" },
    run = function(t)
      local r = t.roles.card:transmit(string.format("00840000%02X", n))
      if t:sw(r, "9000", "GET CHALLENGE " .. n) then
        t:eq(#r.data // 2, n, "challenge length")
      end
    end,
  }
end

test {
  id = "card.challenge.fresh",
  title = "Successive challenges differ",
  title_zh = "连续取得的随机数互不相同",
  clause = "ISO/IEC 7816-4:2013 §7.5.3 (challenge for one use); GF 61/T PT002-2014 §9",
  roles = { "card" },
  run = function(t)
    local card = t.roles.card
    for _, n in ipairs({ 4, 8 }) do
      local seen, prev = {}, nil
      for i = 1, 8 do
        local r = card:transmit(string.format("00840000%02X", n))
        if not t:sw(r, "9000", "GET CHALLENGE " .. n .. " #" .. i) then break end
        local d = ex(r)
        t:ok(not seen[r.data], string.format("%d-byte challenge #%d not seen before", n, i),
             d .. (prev and ("; previous " .. prev) or ""))
        seen[r.data], prev = true, d
      end
    end
  end,
}
