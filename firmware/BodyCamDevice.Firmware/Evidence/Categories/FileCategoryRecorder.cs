// The controller's category recorder on a device: each assignment written as the recording's
// signed category record (CategoryRecordFile) beside its clips. Threads: WriteAsync is called on
// the device loop and returns at once; the writes run one after another on the thread pool, in
// the order they were asked for, so the last decision is the one left on storage.
using BodyCamDevice.Firmware.Core.Categories;
using BodyCamDevice.Firmware.Evidence.Identity;

namespace BodyCamDevice.Firmware.Evidence.Categories;

public sealed class FileCategoryRecorder(string recordingsDirectory, IDeviceSigningKey? key) : ICategoryRecorder
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    public Task WriteAsync(CategoryAssignment assignment)
    {
        lock (_gate)
        {
            var previous = _last;
            _last = Task.Run(async () =>
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                CategoryRecordFile.Write(recordingsDirectory, assignment, key);
            });
            return _last;
        }
    }
}
