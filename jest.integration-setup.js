// Integration tests start real jobs on a real cluster: give them minutes, not jest's default 5 s.
jest.setTimeout(180_000);
