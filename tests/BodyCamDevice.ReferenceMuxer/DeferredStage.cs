// The output of a muxer started before its clip exists (see ClipMuxerStandby): the muxer needs a
// stage to write to when it starts, but the clip's file is named only at the trigger. The real
// chain is attached before the muxer's first input; a muxer writes nothing before it has input,
// so nothing reaches this stage unattached. Calls are forwarded as they are.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.ReferenceMuxer;

internal sealed class DeferredStage : IRecordingStage
{
    private IRecordingStage? _target;

    // Once, by the writer task, before the muxer gets input.
    public void Attach(IRecordingStage target)
    {
        if (Interlocked.CompareExchange(ref _target, target, null) is not null)
        {
            throw new InvalidOperationException("the stage is attached already");
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        Target.WriteAsync(data, cancellationToken);

    public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default) =>
        Target.FragmentCompleteAsync(segment, cancellationToken);

    // A standby muxer discarded unused completes its output without ever having a target.
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _target)?.CompleteAsync(cancellationToken) ?? ValueTask.CompletedTask;

    private IRecordingStage Target =>
        Volatile.Read(ref _target) ?? throw new InvalidOperationException("the muxer wrote before its clip was attached");
}
