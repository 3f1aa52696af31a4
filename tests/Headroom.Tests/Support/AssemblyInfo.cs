// jsii runs one Node process per .NET process and is not thread-safe: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
