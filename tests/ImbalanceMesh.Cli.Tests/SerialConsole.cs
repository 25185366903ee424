using Xunit;

// imesh writes to Console.Out/Error, which the tests redirect process-wide: two tests at once read each other's output.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
