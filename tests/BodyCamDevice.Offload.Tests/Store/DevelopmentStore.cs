// One Swift for every store test (starting one takes seconds): started before the first
// fixture, stopped after the last. Tests keep apart by their own officer IDs, hence containers.
// A fixture that kills its store starts its own instead.
using BodyCamDevice.DevServices;

namespace BodyCamDevice.Offload.Tests.Store;

[SetUpFixture]
public sealed class DevelopmentStore
{
    private static SwiftDevStore? _store;

    public static SwiftDevStore Store => _store ?? throw new InvalidOperationException("the development store is not running");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _store = await SwiftDevStore.StartAsync();
        TestContext.Progress.WriteLine($"Swift started in {_store.StartTime.TotalSeconds:0.0} s: {_store.Directory}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
