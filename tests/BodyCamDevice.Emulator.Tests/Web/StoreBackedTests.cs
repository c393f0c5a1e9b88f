// A fixture with a single-node Swift of its own on 127.0.0.1, started before its first test and
// stopped after its last: the page and playback tests that dock an emulated camera against a real
// store. Tests keep apart by their own officer IDs, hence containers.
using BodyCamDevice.DevServices;

namespace BodyCamDevice.Emulator.Tests.Web;

public abstract class StoreBackedTests
{
    private SwiftDevStore? _store;

    protected SwiftDevStore Store => _store ?? throw new InvalidOperationException("the store is not running");

    [OneTimeSetUp]
    public async Task StartStoreAsync() => _store = await SwiftDevStore.StartAsync();

    [OneTimeTearDown]
    public async Task StopStoreAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
