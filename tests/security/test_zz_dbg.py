def test_x(raw_client, session):
    c = raw_client
    deep = '{"scenario": ' + '{"a":' * 50000 + '1' + '}' * 50000 + '}'
    r = c.post("/api/plans", content=deep.encode(), headers={"Content-Type": "application/json"})
    print("plans deep", r.status_code, r.text[:200])
    deep = '{"scenario": ' + '[' * 500 + ']' * 500 + '}'
    r = c.post("/api/plans", content=deep.encode(), headers={"Content-Type": "application/json"})
    print("plans 500 deep", r.status_code, r.text[:200])
    deep = '{"resourceType":"Bundle","type":"collection","entry":[{"resource":' + '{"a":' * 300 + '1' + '}' * 300 + '}]}'
    r = c.post("/api/imports/fhir", content=deep.encode(), headers={"Content-Type": "application/json"})
    print("fhir 300 deep", r.status_code, r.text[:200])
