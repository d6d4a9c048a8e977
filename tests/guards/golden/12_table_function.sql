-- title: table functions are rejected
-- role: analyst
-- input:
SELECT * FROM read_csv('/etc/passwd')
-- expected:
-- blocked: function read_csv() is not allowed
