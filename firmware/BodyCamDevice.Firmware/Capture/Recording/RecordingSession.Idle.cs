// RecordingSession, part three: what whoever moves virtual time needs of the writer. The camera
// delivers as fast as a fake clock is stepped while the writer writes real files on its own task;
// before the clock moves on, the stepper waits until the writer has done all it can (IdleAsync),
// so the writer keeps pace and reports what it does at the instant it would on a device. Nothing
// on the device uses this: there the writer's poll is its only pace.
// Threads: any; the signal is completed from the writer task.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed partial class RecordingSession
{
    // Completed and cleared whenever the writer starts waiting or the recording ends; made on demand.
    private TaskCompletionSource? _progress;

    // Whether the writer has done all it can until time passes: it waits for its next poll, no
    // frame waits for the reader it polls, and no stop or camera loss waits for it. Whoever moves
    // virtual time waits for this before moving it on, so the writer keeps pace with the camera.
    public bool IsIdle
    {
        get
        {
            if (Completion.IsCompleted)
            {
                return true;
            }

            if (!_poll.IsWaiting || _poll.Watched is not { } watched || watched.HasUnread)
            {
                return false;
            }

            return watched != _reader || (Volatile.Read(ref _stop) is null && Volatile.Read(ref _cameraLoss) is null);
        }
    }

    // Whether the writer is between polls (idle or not).
    public bool IsWaiting => _poll.IsWaiting;

    // Ends the writer's wait now: for virtual time, when a frame or a stop is already waiting.
    public void PollNow() => _poll.Wake();

    // Virtual time: completes once IsIdle. A writer waiting for its next poll while work waits
    // for it is told to look now, so this never needs the clock to move; a writer that waits for
    // frames (or for a clip's first audio) still to come is idle.
    public async Task IdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task progress = NextProgress();
            if (IsIdle)
            {
                return;
            }

            if (_poll.IsWaiting)
            {
                _poll.Wake();
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
