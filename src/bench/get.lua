-- wrk script: GET the URL given, reporting percentiles.
dofile("src/bench/percentiles.lua")
