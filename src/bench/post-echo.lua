-- wrk script: POST the classic sample's request as an echo job.
dofile("src/bench/percentiles.lua")
wrk.method = "POST"
wrk.body = '{"type": "echo", "input": {"id": "1234", "customername": "Contoso"}}'
wrk.headers["Content-Type"] = "application/json"
