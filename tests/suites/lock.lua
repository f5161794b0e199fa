-- Holds its run for a while (tests/lock.t): on the first two attempts
-- (counted in its checkpoint) it waits to be killed; the third finishes.
test {
  id = "lock.hold", title = "holds the run", clause = "docs/evidence.md Locks",
  run = function(t)
    local st = t:restore() or { attempts = 0 }
    st.attempts = st.attempts + 1
    t:checkpoint(st)
    if st.attempts < 3 then
      bench.log("lock.hold: holding, attempt " .. st.attempts)
      bench.sleep(300)
    end
    t:ok(true, "third attempt")
  end,
}
