// Each test class starts its own app and trains on it: one class at a time on two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
