-- Run after suites/card/pin.lua (tests/card_pin_digits.t): writes every 4-
-- and 5-digit number to the trace, comma separated (a comma is no separator
-- to the redaction filter, so only a PIN of 4 or 5 digits can match one).
-- By then the run's secrets hold the temporary PIN and its near misses; a
-- near miss that short would replace numbers everywhere in the evidence:
-- sequence numbers, timestamps, measured values, the GET CHALLENGE APDU
-- 0084000008 of a failing test's diagnostic.
suite { title = "Numbers after the PIN tests" }

test {
  id = "digits.after_pins",
  title = "Every 4- and 5-digit number reaches the trace",
  clause = "docs/keys.md Redaction",
  run = function(t)
    local lines = 0
    for _, width in ipairs { 4, 5 } do
      local fmt, row = "%0" .. width .. "d", {}
      for n = 0, 10 ^ width - 1 do
        row[#row + 1] = string.format(fmt, n)
        if #row == 200 then
          bench.log("digits:" .. table.concat(row, ",") .. ",")
          row, lines = {}, lines + 1
        end
      end
    end
    t:eq(lines, 550, "lines of numbers written")
  end,
}
