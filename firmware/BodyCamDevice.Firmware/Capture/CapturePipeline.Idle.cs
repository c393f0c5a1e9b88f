// CapturePipeline, part three: what whoever moves virtual time needs of the pipeline. The camera
// delivers as fast as a fake clock is stepped while the recording writer writes real files on its
// own task; after each step (and before looking at the device) the stepper waits for IdleAsync, so
// the writer keeps pace and reports at the instant it would on a device. Nothing on the device
// waits for it. Threads: any.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Capture;

public sealed partial class CapturePipeline
{
    /// <summary>
    /// True when the recording writer (if a recording runs) has done everything it can until time
    /// passes: every frame the camera delivered is written, a stop or camera failure handled.
    /// </summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _ending == 0 && (_session is null || _session.IsIdle);
            }
        }
    }

    /// <summary>
    /// Virtual time: completes once <see cref="IsIdle"/>. Call after each step of the clock and
    /// before looking at the device. A writer waiting for its next poll while frames or a stop wait
    /// for it is told to look now, so this never needs the clock to move.
    /// </summary>
    public Task IdleAsync(CancellationToken cancellationToken = default) => IsIdle ? Task.CompletedTask : WaitUntilIdleAsync(cancellationToken);

    private async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task progress = NextProgress();
            RecordingSession? session;
            lock (_lock)
            {
                session = _session;
                if (_ending == 0 && (session is null || session.IsIdle))
                {
                    return;
                }
            }

            if (session is { IsWaiting: true })
            {
                session.PollNow();
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Task NextProgress()
    {
        TaskCompletionSource? current = Volatile.Read(ref _progress);
        if (current is null)
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            current = Interlocked.CompareExchange(ref _progress, fresh, null) ?? fresh;
        }

        return current.Task;
    }

    private void Progressed() => Interlocked.Exchange(ref _progress, null)?.TrySetResult();
}
