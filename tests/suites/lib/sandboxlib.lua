-- Shared code of tests/suites/sandbox.lua: `require` finds it in the
-- suite's lib/ folder (docs/suite-api.md "Library").
local M = { loads = 0 }
M.loads = M.loads + 1
function M.twice(x) return 2 * x end
return M
