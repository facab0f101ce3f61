// The only public surface of @sluice/testing.
export {};
