// The only public surface of @sluice/flink-types.
export {};
