-- t:note given a key twice (tests/spine.t): the same value once, another
-- value as key_2, key_3: the YAML block stays a valid map.
suite { title = "Repeated notes", standard = "bench self-test" }

test { id = "notes.repeat", title = "a note key given four times", clause = "self §1",
  run = function(t)
    t:note("humidity", "control off")
    t:note("humidity", "control off")
    t:note("humidity", "not controlled")
    t:note("humidity", 80)
    t:note("humidity_x", "another key")
    t:ok(true, "noted")
  end }
