-- A test that verifies the PIN or authenticates leaves the card as it
-- found it: the security state it gained must not let a later test read
-- what needs the PIN. A warm reset clears it on any card (ISO/IEC
-- 7816-3:2006 §6.2.3; ISO/IEC 7816-4:2005 §5.4: security status is reset
-- with the card), even when the test ended early.
local M = {}

local function keep(e)
  return type(e) == "string" and debug.traceback(e, 2) or e
end

-- Runs fn(), then resets the card; an error or end of the test in fn
-- still ends the test, after the reset.
function M.then_reset(card, fn)
  local ok, err = xpcall(fn, keep)
  card:reset("warm")
  if not ok then error(err, 0) end
end

return M
